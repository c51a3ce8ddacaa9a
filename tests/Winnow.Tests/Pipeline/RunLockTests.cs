using Winnow.Pipeline;

namespace Winnow.Tests.Pipeline;

public sealed class RunLockTests : IDisposable
{
    private readonly string _dir = Directory.CreateTempSubdirectory("winnow-lock-").FullName;

    public void Dispose() => Directory.Delete(_dir, recursive: true);

    [Fact]
    public void ASecondHolderFailsAtOnceNamingTheFirstOnesPid()
    {
        var target = Path.Combine(_dir, "out.json");
        using (RunLock.Acquire(target))
        {
            var e = Assert.Throws<IOException>(() => RunLock.Acquire(target));
            Assert.Contains($"pid {Environment.ProcessId}", e.Message);
            Assert.Contains("out.json", e.Message);
            // The lock and the pid, renamed into place: no staging file stays beside them.
            Assert.Equal([RunLock.LockPath(target), RunLock.LockPath(target) + ".pid"], Directory.GetFiles(_dir).Order(StringComparer.Ordinal));
        }
        // Released: the lock and pid files are gone and the lock can be taken again.
        Assert.Empty(Directory.GetFiles(_dir));
        using (RunLock.Acquire(target))
            Assert.True(File.Exists(RunLock.LockPath(target)));
    }

    [Fact]
    public void ALockFileLeftByADeadProcessDoesNotBlock()
    {
        var target = Path.Combine(_dir, "out.json");
        File.WriteAllText(RunLock.LockPath(target), "");
        File.WriteAllText(RunLock.LockPath(target) + ".pid", "999999\n");
        using var held = RunLock.Acquire(target);
        Assert.Equal($"{Environment.ProcessId}\n", File.ReadAllText(RunLock.LockPath(target) + ".pid"));
    }

    [Fact]
    public void AcquireAllTakesAllOrNone()
    {
        var a = Path.Combine(_dir, "a.json");
        var b = Path.Combine(_dir, "b.json");
        using (RunLock.Acquire(b))
            Assert.Throws<IOException>(() => RunLock.AcquireAll([a, b]));
        // a was released when b could not be had.
        using var both = RunLock.AcquireAll([a, b, a]);
    }
}

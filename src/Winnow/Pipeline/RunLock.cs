using System.Globalization;

namespace Winnow.Pipeline;

/// <summary>
/// Keeps a second run off the files of a running one. The lock is <c>&lt;target&gt;.lock</c> held open with
/// <see cref="FileShare.None"/>, which .NET maps to an exclusive advisory lock (flock) on Unix and a sharing lock on
/// Windows; the operating system releases it when the process ends in any way, kill -9 included, so a lock left by
/// a dead run never blocks the next one. The holder's pid is written beside it (<c>&lt;target&gt;.lock.pid</c>)
/// because the locked file itself cannot be read by another process.
/// </summary>
public sealed class RunLock : IDisposable
{
    private readonly FileStream _lock;
    private readonly string _pidPath;
    private bool _released;

    private RunLock(FileStream lockFile, string pidPath)
    {
        _lock = lockFile;
        _pidPath = pidPath;
    }

    public static string LockPath(string target) => Path.GetFullPath(target) + ".lock";

    /// <summary>Takes the lock for <paramref name="target"/> or fails at once, naming the process that holds it.</summary>
    public static RunLock Acquire(string target)
    {
        var path = LockPath(target);
        var directory = Path.GetDirectoryName(path)!;
        if (!Directory.Exists(directory))
            throw new DirectoryNotFoundException($"cannot write {target}: the folder {directory} does not exist");
        var pidPath = path + ".pid";
        FileStream file;
        try
        {
            file = new FileStream(path, FileMode.OpenOrCreate, FileAccess.ReadWrite, FileShare.None);
        }
        catch (IOException) when (File.Exists(path))
        {
            throw new IOException($"another winnow run (pid {Holder(pidPath)}) is writing {target}; wait for it to finish or choose another output (lock: {path})");
        }
        // Written under another name and renamed into place, so a run refused meanwhile finds the whole pid or no file,
        // never the empty file that a plain write shows between creating and filling it (it then named "pid unknown").
        // A pid file that a killed run left goes first, so that it is never read as this run's.
        File.Delete(pidPath);
        var staged = $"{pidPath}.{Environment.ProcessId.ToString(CultureInfo.InvariantCulture)}.tmp";
        File.WriteAllText(staged, Environment.ProcessId.ToString(CultureInfo.InvariantCulture) + "\n");
        File.Move(staged, pidPath, overwrite: true);
        return new RunLock(file, pidPath);
    }

    /// <summary>Takes the locks of several targets in a fixed order (so two runs never wait on each other in a cycle); all or none.</summary>
    public static IDisposable AcquireAll(IEnumerable<string> targets)
    {
        var held = new List<RunLock>();
        try
        {
            foreach (var target in targets.Select(Path.GetFullPath).Distinct(StringComparer.Ordinal).Order(StringComparer.Ordinal))
                held.Add(Acquire(target));
            return new Many(held);
        }
        catch
        {
            foreach (var runLock in held)
                runLock.Dispose();
            throw;
        }
    }

    public void Dispose()
    {
        if (_released)
            return;
        _released = true;
        // The pid file goes first: while the lock is still held nobody else can have rewritten it.
        File.Delete(_pidPath);
        File.Delete(_lock.Name);
        _lock.Dispose();
    }

    private static string Holder(string pidPath)
    {
        try
        {
            return File.ReadAllText(pidPath).Trim() is { Length: > 0 } pid ? pid : "unknown";
        }
        catch (IOException)
        {
            return "unknown";
        }
    }

    private sealed class Many(List<RunLock> locks) : IDisposable
    {
        public void Dispose()
        {
            foreach (var runLock in Enumerable.Reverse(locks))
                runLock.Dispose();
        }
    }
}

using Winnow.Filters;
using Winnow.Pipeline;

namespace Winnow.Tests.Filters;

public sealed class FilterCheckpointsTests : IDisposable
{
    private readonly string _dir = Directory.CreateTempSubdirectory("winnow-checkpoint-store-").FullName;

    public void Dispose() => Directory.Delete(_dir, recursive: true);

    private sealed class Warnings : IProgress<StageProgress>
    {
        public List<string> Lines { get; } = [];

        public void Report(StageProgress value)
        {
            lock (Lines)
                Lines.Add(value.Stage);
        }
    }

    private static FilterCheckpoint Checkpoint(int rows) =>
        new("key", [new FilterCheckpoint.Step("near-dedup", rows, rows / 2, 1.5, null)],
            Enumerable.Range(0, rows / 2).Select(i => new FilterCheckpoint.Decision(2L * i, "near-duplicate", $"near-duplicate of row {2 * i + 1}")).ToList());

    /// <summary>
    /// Shards of one run save the same step at once (each under its own temporary name) while another reads it: the
    /// reader finds the checkpoint whole every time, never a half-written file, and no temporary file is left.
    /// </summary>
    [Fact]
    public void Shards_saving_one_step_at_once_never_leave_a_half_written_checkpoint()
    {
        var folder = Path.Combine(_dir, "out.jsonl.filters");
        var writers = Enumerable.Range(0, 3).Select(i => new FilterCheckpoints(folder, new ShardSpec(i, 3))).ToList();
        writers[0].Save(1, "near-dedup", Checkpoint(20_000));
        var warnings = new Warnings();
        var reader = new FilterCheckpoints(folder, ShardSpec.Whole);
        var loads = 0;
        Parallel.Invoke(
            [
                .. writers.Select<FilterCheckpoints, Action>(w => () =>
                {
                    for (var i = 0; i < 20; i++)
                        w.Save(1, "near-dedup", Checkpoint(20_000));
                }),
                () =>
                {
                    for (var i = 0; i < 40; i++)
                    {
                        Assert.NotNull(reader.Load(1, "near-dedup", "key", _ => null, warnings));
                        loads++;
                    }
                },
            ]);
        Assert.Equal(40, loads);
        Assert.Empty(warnings.Lines);
        Assert.Equal(["step-2-near-dedup.ckpt"], Directory.GetFiles(folder).Select(Path.GetFileName));
    }

    [Fact]
    public void A_checkpoint_of_other_settings_is_ignored_silently_and_one_that_does_not_fit_with_a_warning()
    {
        var store = new FilterCheckpoints(Path.Combine(_dir, "out.jsonl.filters"), ShardSpec.Whole);
        store.Save(0, "near-dedup", Checkpoint(10));
        var warnings = new Warnings();
        Assert.Null(store.Load(0, "near-dedup", "other key", _ => null, warnings));
        Assert.Empty(warnings.Lines);
        Assert.Null(store.Load(0, "near-dedup", "key", _ => "a reason", warnings));
        Assert.Equal([$"filter near-dedup: checkpoint {store.PathOf(0, "near-dedup")} ignored (a reason); running the filter"], warnings.Lines);
        Assert.Null(store.Load(1, "response-fit", "key", _ => null, warnings));
    }
}

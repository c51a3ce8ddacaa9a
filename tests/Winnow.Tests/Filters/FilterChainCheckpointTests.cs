using System.Collections.ObjectModel;
using Winnow.Data;
using Winnow.Filters;
using Winnow.Pipeline;
using ListedRows = Winnow.Tests.Filters.FilterChainTests.ListedRows;

namespace Winnow.Tests.Filters;

/// <summary>A <see cref="FilterChain"/> with checkpoints: what a re-run loads instead of running, and when it must not.</summary>
public sealed class FilterChainCheckpointTests : IDisposable
{
    private readonly string _dir = Directory.CreateTempSubdirectory("winnow-checkpoints-").FullName;

    public void Dispose() => Directory.Delete(_dir, recursive: true);

    /// <summary>
    /// Two passes; sets aside the rows whose response has a multiple of <paramref name="every"/> characters and gates
    /// those with one more; counts its decision runs.
    /// </summary>
    private sealed class Calibrated(string name, int every) : IPoolRowFilter, ISelectionGate
    {
        private Dictionary<long, string> _gated = [];

        public int Runs { get; private set; }

        public string Name => name;

        public string Code => name + "-code";

        public IReadOnlyDictionary<string, string> Settings => new Dictionary<string, string> { ["every"] = every.ToString(System.Globalization.CultureInfo.InvariantCulture) };

        public IReadOnlyDictionary<long, string> Unselectable => _gated;

        public string Describe() => "test";

        public void Restore(IEnumerable<KeyValuePair<long, string>> unselectable) => _gated = unselectable.ToDictionary();

        public IEnumerable<(long Index, string Detail)> Decide(Func<IEnumerable<Sample>> rows, CancellationToken cancellationToken)
        {
            Runs++;
            var count = rows().Count();
            _gated = rows().Where(r => r.Response.Length % every == 1).ToDictionary(r => r.Index, r => $"gated: {r.Response.Length} chars of {count} rows");
            return rows().Where(r => r.Response.Length % every == 0).Select(r => (r.Index, $"{r.Response.Length} chars")).ToList();
        }
    }

    /// <summary>The filters of one run, made afresh each time as a new process would.</summary>
    private sealed record Filters(ListedRows Leading, ListedRows Other, Calibrated First, ListedRows Pending, Calibrated Second, ListedRows Trailing)
    {
        public static Filters Make(int firstEvery = 3, int secondEvery = 5) =>
            new(new ListedRows("a", 0), new ListedRows("z", 39), new Calibrated("first", firstEvery), new ListedRows("b", 4, 7), new Calibrated("second", secondEvery), new ListedRows("c", 10));

        public IReadOnlyList<IRowFilter> InOrder => [Leading, Other, First, Pending, Second, Trailing];

        /// <summary>The two leading filters swapped: they set aside the same rows either way, so the pool steps see the same rows.</summary>
        public IReadOnlyList<IRowFilter> Swapped => [Other, Leading, First, Pending, Second, Trailing];
    }

    private sealed record Run(PoolScan Scan, IReadOnlyList<FilterStep> Steps, List<string> Stages, int Reads);

    private static string Response(int row) => new string('x', row % 11) + $" answer {row}";

    private string Pool(Func<int, string>? response = null)
    {
        var path = Path.Combine(_dir, "pool.jsonl");
        SampleFileWriter.WriteAlpaca(path, Enumerable.Range(0, 40).Select(i => TestRows.Alpaca(i, $"question {i}", (response ?? Response)(i))), DatasetLayout.JsonLines);
        return path;
    }

    private Run RunChain(IReadOnlyList<IRowFilter> filters, string path, bool checkpoints = true)
    {
        var stages = new List<string>();
        var progress = new Progress(stages);
        var (pool, read, reads) = (DatasetPool.Of(path), new DatasetReadOptions(), 0);
        var chain = new FilterChain(filters, checkpoints ? new FilterCheckpoints(Path.Combine(_dir, "out.jsonl.filters"), ShardSpec.Whole) : null);
        var scan = PoolScan.Run(pool, read, OnErrorPolicy.Fail, chain.CheckLeading, progress, CancellationToken.None);
        scan = chain.RunRest(scan, s => { reads++; return s.Rows(pool, read); }, progress, CancellationToken.None);
        return new Run(scan, chain.Steps(), stages, reads);
    }

    /// <summary>Records stage names as they are reported (synchronously, unlike <see cref="Progress{T}"/>).</summary>
    private sealed class Progress(List<string> stages) : IProgress<StageProgress>
    {
        public void Report(StageProgress value)
        {
            if (stages.Count == 0 || stages[^1] != value.Stage)
                stages.Add(value.Stage);
        }
    }

    private string CheckpointOf(int position, string name) => Path.Combine(_dir, "out.jsonl.filters", $"step-{position}-{name}.ckpt");

    private static void SameOutcome(Run expected, Run actual)
    {
        Assert.Equal(expected.Scan.UsableIndices, actual.Scan.UsableIndices);
        Assert.Equal(expected.Scan.Filtered.OrderBy(f => f.Key), actual.Scan.Filtered.OrderBy(f => f.Key));
        Assert.Equal(expected.Scan.SetAsideSources.OrderBy(f => f.Key), actual.Scan.SetAsideSources.OrderBy(f => f.Key));
        Assert.Equal(expected.Steps.Select(s => (s.Name, s.Code, s.RowsIn, s.SetAside)), actual.Steps.Select(s => (s.Name, s.Code, s.RowsIn, s.SetAside)));
    }

    [Fact]
    public void A_rerun_loads_each_pool_step_instead_of_running_it_and_ends_with_the_same_outcome()
    {
        var path = Pool();
        var first = Filters.Make();
        var reference = RunChain(first.InOrder, path);
        Assert.True(File.Exists(CheckpointOf(3, "first")));
        Assert.True(File.Exists(CheckpointOf(5, "second")));
        Assert.Equal((1, 1), (first.First.Runs, first.Second.Runs));
        Assert.NotEmpty(first.Second.Unselectable);
        Assert.All(reference.Steps, s => Assert.False(s.FromCheckpoint));

        var again = Filters.Make();
        var resumed = RunChain(again.InOrder, path);

        // Neither pool filter decided, the pending streaming filter saw no row, and only the trailing one read the pool.
        Assert.Equal((0, 0), (again.First.Runs, again.Second.Runs));
        Assert.Empty(again.Pending.Seen);
        Assert.Equal(1, resumed.Reads);
        Assert.Contains("filter first, from checkpoint", resumed.Stages);
        Assert.Contains("filter second, from checkpoint", resumed.Stages);
        Assert.DoesNotContain(resumed.Stages, s => s.Contains("pass", StringComparison.Ordinal));
        SameOutcome(reference, resumed);
        // The recorded times come back, and the steps say they were loaded.
        Assert.Equal(reference.Steps.Skip(2).Take(3).Select(s => s.Seconds), resumed.Steps.Skip(2).Take(3).Select(s => s.Seconds));
        Assert.Equal([false, false, true, true, true, false], resumed.Steps.Select(s => s.FromCheckpoint));
        // Both gates come back, the row order of their entries included.
        Assert.Equal(first.First.Unselectable, again.First.Unselectable);
        Assert.Equal(first.Second.Unselectable, again.Second.Unselectable);
    }

    [Theory]
    [InlineData("settings of the first pool filter", true)]
    [InlineData("settings of the second pool filter", false)]
    [InlineData("an edited row", true)]
    [InlineData("the order of the filters before it", true)]
    public void A_checkpoint_is_not_used_once_the_filters_or_rows_before_it_change(string change, bool firstStepAgain)
    {
        var path = Pool();
        RunChain(Filters.Make().InOrder, path);
        if (change == "an edited row")
            Pool(i => i == 20 ? "an edited answer" : Response(i));
        Func<Filters, IReadOnlyList<IRowFilter>> order = change == "the order of the filters before it" ? f => f.Swapped : f => f.InOrder;
        Func<Filters> make = change switch
        {
            "settings of the first pool filter" => () => Filters.Make(firstEvery: 4),
            "settings of the second pool filter" => () => Filters.Make(secondEvery: 6),
            _ => () => Filters.Make(),
        };

        var expected = RunChain(order(make()), path, checkpoints: false);
        var changed = make();
        var rerun = RunChain(order(changed), path);
        Assert.Equal((firstStepAgain ? 1 : 0, 1), (changed.First.Runs, changed.Second.Runs));
        SameOutcome(expected, rerun);

        // The steps that ran saved their own checkpoints over the old ones: the same change again runs nothing.
        var again = make();
        SameOutcome(expected, RunChain(order(again), path));
        Assert.Equal((0, 0), (again.First.Runs, again.Second.Runs));
    }

    [Theory]
    [InlineData("cut short")]
    [InlineData("one byte changed")]
    [InlineData("empty")]
    public void A_damaged_checkpoint_is_reported_recomputed_and_rewritten(string damage)
    {
        var path = Pool();
        var reference = RunChain(Filters.Make().InOrder, path);
        var file = CheckpointOf(5, "second");
        var bytes = File.ReadAllBytes(file);
        switch (damage)
        {
            case "cut short":
                File.WriteAllBytes(file, bytes[..(bytes.Length - 7)]);
                break;
            case "one byte changed":
                bytes[bytes.Length / 2] ^= 0x10;
                File.WriteAllBytes(file, bytes);
                break;
            default:
                File.WriteAllBytes(file, []);
                break;
        }

        var filters = Filters.Make();
        var recomputed = RunChain(filters.InOrder, path);
        Assert.Equal((0, 1), (filters.First.Runs, filters.Second.Runs));
        Assert.Single(recomputed.Stages, s => s.StartsWith($"filter second: checkpoint {file} ignored (", StringComparison.Ordinal) && s.EndsWith("); running the filter", StringComparison.Ordinal));
        SameOutcome(reference, recomputed);

        var loaded = Filters.Make();
        SameOutcome(reference, RunChain(loaded.InOrder, path));
        Assert.Equal((0, 0), (loaded.First.Runs, loaded.Second.Runs));
    }

    [Fact]
    public void Without_checkpoints_nothing_is_written()
    {
        RunChain(Filters.Make().InOrder, Pool(), checkpoints: false);
        Assert.Equal(["pool.jsonl"], Directory.GetFileSystemEntries(_dir).Select(Path.GetFileName));
    }
}

using System.Collections.ObjectModel;
using Winnow.Data;
using Winnow.Filters;
using Winnow.Pipeline;

namespace Winnow.Tests.Filters;

public sealed class FilterChainTests : IDisposable
{
    private readonly string _dir = Directory.CreateTempSubdirectory("winnow-filters-").FullName;

    public void Dispose() => Directory.Delete(_dir, recursive: true);

    /// <summary>Sets aside the rows whose index is listed, and records every row it was shown.</summary>
    internal sealed class ListedRows(string code, params long[] indices) : IStreamingRowFilter
    {
        public List<long> Seen { get; } = [];

        public string Name => "listed-" + code;

        public string Code => code;

        public IReadOnlyDictionary<string, string> Settings => ReadOnlyDictionary<string, string>.Empty;

        public string Describe() => "test";

        public string? Check(Sample row)
        {
            Seen.Add(row.Index);
            return indices.Contains(row.Index) ? $"listed {row.Index}" : null;
        }
    }

    /// <summary>Reads two passes (as mismatch does), records what each showed, and sets aside the largest index it saw.</summary>
    private sealed class TwoPasses : IPoolRowFilter
    {
        public List<List<long>> Passes { get; } = [];

        public string Name => "two-passes";

        public string Code => "largest";

        public IReadOnlyDictionary<string, string> Settings => ReadOnlyDictionary<string, string>.Empty;

        public string Describe() => "test";

        public IEnumerable<(long Index, string Detail)> Decide(Func<IEnumerable<Sample>> rows, CancellationToken cancellationToken)
        {
            Passes.Add(rows().Select(r => r.Index).ToList());
            Passes.Add(rows().Select(r => r.Index).ToList());
            return [(Passes[1].Max(), "largest")];
        }
    }

    private (DatasetPool Pool, DatasetReadOptions Read) Pool(int rows)
    {
        var path = Path.Combine(_dir, "pool.jsonl");
        SampleFileWriter.WriteAlpaca(path, Enumerable.Range(0, rows).Select(i => TestRows.Alpaca(i, $"question {i}", $"answer {i}")), DatasetLayout.JsonLines);
        return (DatasetPool.Of(path), new DatasetReadOptions());
    }

    [Fact]
    public void Filters_run_in_order_on_what_the_earlier_ones_kept_sharing_reads()
    {
        var (pool, read) = Pool(10);
        var first = new ListedRows("a", 1, 2);
        var second = new ListedRows("b", 2, 3);
        var calibrated = new TwoPasses();
        var third = new ListedRows("c", 4, 9);
        var last = new ListedRows("d", 5);
        var chain = new FilterChain([first, second, calibrated, third, last]);
        var reads = 0;

        var scan = PoolScan.Run(pool, read, OnErrorPolicy.Fail, chain.CheckLeading, null, CancellationToken.None);
        scan = chain.RunRest(scan, s => { reads++; return s.Rows(pool, read); }, null, CancellationToken.None);

        // The leading filters ran inside the validating read; a row set aside by one is not shown to the next.
        Assert.Equal(Enumerable.Range(0, 10).Select(i => (long)i), first.Seen);
        Assert.Equal([0L, 3, 4, 5, 6, 7, 8, 9], second.Seen);
        // The pool filter's two passes show the same rows; none of them is read twice by a streaming filter.
        Assert.Equal([0L, 4, 5, 6, 7, 8, 9], calibrated.Passes[0]);
        Assert.Equal(calibrated.Passes[0], calibrated.Passes[1]);
        Assert.Equal([0L, 4, 5, 6, 7, 8], third.Seen);
        Assert.Equal([0L, 5, 6, 7, 8], last.Seen);
        // Two passes for the pool filter, one for the streaming filters after it; none for those before it.
        Assert.Equal(3, reads);

        Assert.Equal([0L, 6, 7, 8], scan.UsableIndices);
        Assert.Equal(("a", "listed 2"), scan.Filtered[2]);
        Assert.Equal(("largest", "largest"), scan.Filtered[9]);
        var steps = chain.Steps();
        Assert.Equal(["listed-a", "listed-b", "two-passes", "listed-c", "listed-d"], steps.Select(s => s.Name));
        Assert.Equal([10L, 8, 7, 6, 5], steps.Select(s => s.RowsIn));
        Assert.Equal([2L, 1, 1, 1, 1], steps.Select(s => s.SetAside));
        Assert.Equal([8L, 7, 6, 5, 4], steps.Select(s => s.RowsOut));
        Assert.All(steps, s => Assert.True(s.Seconds >= 0));
    }

    [Fact]
    public void Streaming_filters_between_pool_filters_run_in_the_next_ones_first_pass()
    {
        var (pool, read) = Pool(6);
        var (one, two) = (new TwoPasses(), new TwoPasses());
        var between = new ListedRows("b", 0);
        var chain = new FilterChain([one, between, two]);
        var reads = 0;

        var scan = PoolScan.Run(pool, read, OnErrorPolicy.Fail, chain.CheckLeading, null, CancellationToken.None);
        scan = chain.RunRest(scan, s => { reads++; return s.Rows(pool, read); }, null, CancellationToken.None);

        Assert.Equal([0L, 1, 2, 3, 4], between.Seen);
        Assert.Equal([1L, 2, 3, 4], two.Passes[0]);
        Assert.Equal([1L, 2, 3], scan.UsableIndices);
        Assert.Equal(4, reads);
    }

    /// <summary>Sets aside the rows whose index is a multiple of <paramref name="every"/>, looking at each row alone when <paramref name="alone"/>; counts its calls from any thread.</summary>
    private sealed class MultiplesOf(string code, int every, bool alone) : IStreamingRowFilter
    {
        private int _calls;

        public int Calls => _calls;

        public string Name => "multiples-" + code;

        public string Code => code;

        public IReadOnlyDictionary<string, string> Settings => ReadOnlyDictionary<string, string>.Empty;

        public string Describe() => "test";

        public bool ChecksRowAlone => alone;

        public string? Check(Sample row)
        {
            Interlocked.Increment(ref _calls);
            return row.Index % every == 0 ? $"{row.Index} is a multiple of {every}" : null;
        }
    }

    [Theory]
    [InlineData(true)]
    [InlineData(false)]
    public void Row_alone_filters_checked_in_parallel_blocks_decide_and_count_as_one_at_a_time(bool alone)
    {
        // 2,500 rows: two whole blocks of 1,024 and a partial one.
        var (pool, read) = Pool(2500);
        var (three, five) = (new MultiplesOf("three", 3, alone), new MultiplesOf("five", 5, alone));
        var calibrated = new TwoPasses();
        var chain = new FilterChain([calibrated, three, five, new TwoPasses()]);

        var scan = PoolScan.Run(pool, read, OnErrorPolicy.Fail, chain.CheckLeading, null, CancellationToken.None);
        scan = chain.RunRest(scan, s => s.Rows(pool, read), null, CancellationToken.None);

        // The first pool filter set aside row 2,499; a multiple of 3 is set aside by "three" and never shown to "five".
        var reaching = Enumerable.Range(0, 2499).ToList();
        Assert.Equal(reaching.Count, three.Calls);
        Assert.Equal(reaching.Count(i => i % 3 != 0), five.Calls);
        var kept = reaching.Where(i => i % 3 != 0 && i % 5 != 0).Select(i => (long)i).ToList();
        Assert.Equal(kept.Take(kept.Count - 1), scan.UsableIndices);
        Assert.Equal(("three", "15 is a multiple of 3"), scan.Filtered[15]);
        Assert.Equal(("five", "10 is a multiple of 5"), scan.Filtered[10]);
        var steps = chain.Steps();
        Assert.Equal([2500L, 2499, 1666, 1333], steps.Select(s => s.RowsIn));
        Assert.Equal([1L, 833, 333, 1], steps.Select(s => s.SetAside));
        Assert.All(steps, s => Assert.True(s.Seconds >= 0));
    }

    /// <summary>A whole first pass, then a pass over the rows of the indices it was given; sets aside the last row of that pass.</summary>
    private sealed class WholeThenSome(params long[] wanted) : IPoolRowFilter
    {
        public List<long> First { get; } = [];

        public List<long> Second { get; } = [];

        public string Name => "whole-then-some";

        public string Code => "some";

        public IReadOnlyDictionary<string, string> Settings => ReadOnlyDictionary<string, string>.Empty;

        public string Describe() => "test";

        public IEnumerable<(long Index, string Detail)> Decide(Func<IEnumerable<Sample>> rows, CancellationToken cancellationToken) =>
            throw new InvalidOperationException("the chain offers passes over some rows");

        public IEnumerable<(long Index, string Detail)> Decide(Func<IEnumerable<Sample>> rows, Func<IReadOnlyList<long>, IEnumerable<Sample>> some, CancellationToken cancellationToken)
        {
            First.AddRange(rows().Select(r => r.Index));
            Second.AddRange(some(wanted).Select(r => r.Index));
            return [(Second[^1], "last of some")];
        }
    }

    [Theory]
    [InlineData(true)]
    [InlineData(false)]
    public void A_pass_over_some_rows_reads_those_that_reach_the_filter_at_their_positions(bool readSome)
    {
        var (pool, read) = Pool(10);
        // Row 4 is set aside by the streaming filter in the pool filter's first pass: asked for, it is not given.
        var filter = new WholeThenSome(2, 4, 7, 8);
        var chain = new FilterChain([new TwoPasses(), new ListedRows("b", 4), filter]);
        var asked = new List<IReadOnlyList<int>>();
        var scan = PoolScan.Run(pool, read, OnErrorPolicy.Fail, chain.CheckLeading, null, CancellationToken.None);
        Func<PoolScan, IReadOnlyList<int>, IEnumerable<Sample>>? some = readSome ? (s, positions) => { asked.Add(positions); return s.Rows(pool, read, positions); } : null;

        scan = chain.RunRest(scan, s => s.Rows(pool, read), some, null, CancellationToken.None);

        Assert.Equal([0L, 1, 2, 3, 5, 6, 7, 8], filter.First);
        Assert.Equal([2L, 7, 8], filter.Second);
        // Positions among the usable rows once the first pool filter set aside row 9: rows 2, 7, 8 are there at 2, 7, 8.
        Assert.Equal(readSome ? [[2, 7, 8]] : [], asked.Select(p => p.ToArray()).ToList());
        Assert.Equal(("some", "last of some"), scan.Filtered[8]);
        Assert.Equal([0L, 1, 2, 3, 5, 6, 7], scan.UsableIndices);
    }

    [Fact]
    public void A_pass_over_some_rows_cannot_be_the_first()
    {
        var (pool, read) = Pool(4);
        // The streaming filter before it decides in its first pass which rows reach it.
        var chain = new FilterChain([new TwoPasses(), new ListedRows("b", 1), new FirstPassOfSome()]);
        var scan = PoolScan.Run(pool, read, OnErrorPolicy.Fail, chain.CheckLeading, null, CancellationToken.None);
        var error = Assert.Throws<InvalidOperationException>(() => chain.RunRest(scan, s => s.Rows(pool, read), null, CancellationToken.None));
        Assert.Contains("before its first pass over all of them", error.Message);
    }

    private sealed class FirstPassOfSome : IPoolRowFilter
    {
        public string Name => "first-pass-of-some";

        public string Code => "x";

        public IReadOnlyDictionary<string, string> Settings => ReadOnlyDictionary<string, string>.Empty;

        public string Describe() => "test";

        public IEnumerable<(long Index, string Detail)> Decide(Func<IEnumerable<Sample>> rows, CancellationToken cancellationToken) => [];

        public IEnumerable<(long Index, string Detail)> Decide(Func<IEnumerable<Sample>> rows, Func<IReadOnlyList<long>, IEnumerable<Sample>> some, CancellationToken cancellationToken)
        {
            _ = some([0]).ToList();
            return [];
        }
    }

    [Fact]
    public void Without_filters_nothing_is_set_aside_and_nothing_is_read_again()
    {
        var (pool, read) = Pool(3);
        var chain = new FilterChain([]);
        var scan = PoolScan.Run(pool, read, OnErrorPolicy.Fail, chain.CheckLeading, null, CancellationToken.None);
        scan = chain.RunRest(scan, _ => throw new InvalidOperationException("read"), null, CancellationToken.None);
        Assert.Equal(3, scan.UsableIndices.Count);
        Assert.Empty(chain.Steps());
    }
}

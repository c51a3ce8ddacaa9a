using System.Diagnostics;
using Winnow.Data;
using Winnow.Pipeline;

namespace Winnow.Filters;

/// <summary>
/// Runs a recipe's row filters in order, each over the rows the earlier ones kept, with as few reads of the pool as
/// the filters allow: the streaming filters before the first pool-calibrated one run inside the validating read
/// (<see cref="CheckLeading"/>), streaming filters between two pool-calibrated ones run during the next one's first
/// pass, and only streaming filters after the last pool-calibrated one need a read of their own. The default recipe
/// (exact-dedup in the read, near-dedup's two passes, then degeneracy inside response-fit's first of three) thus
/// reads the pool six times, not seven. Pending streaming filters that each look at a row alone
/// (<see cref="IStreamingRowFilter.ChecksRowAlone"/>, as <c>degeneracy</c> does) are checked in blocks of rows on every
/// core as the rows come (<see cref="ParallelBlocks"/>), so the read thread does not wait on them row by row
/// (degeneracy compresses every response). Each
/// step's rows in, rows set aside and time are kept for the report (<see cref="Steps"/>).
/// <para>
/// Given <see cref="FilterCheckpoints"/>, each pool-calibrated step's outcome is saved when it completes, and a step
/// whose checkpoint matches (same filters up to it, same settings, same rows entering it) is loaded instead of run:
/// its rows set aside, its filters' counters and recorded times, and its gates' rows, so the chain's result and its
/// report are those of the run that saved it.
/// </para>
/// </summary>
public sealed class FilterChain
{
    private const int ProgressEvery = 4096;

    private readonly IReadOnlyList<IRowFilter> _filters;
    private readonly long[] _rowsIn;
    private readonly long[] _setAside;
    private readonly long[] _ticks;
    private readonly bool[] _fromCheckpoint;
    private readonly int _leading;
    private readonly FilterCheckpoints? _checkpoints;

    public FilterChain(IReadOnlyList<IRowFilter> filters, FilterCheckpoints? checkpoints = null)
    {
        _filters = filters;
        _checkpoints = checkpoints;
        _rowsIn = new long[filters.Count];
        _setAside = new long[filters.Count];
        _ticks = new long[filters.Count];
        _fromCheckpoint = new bool[filters.Count];
        var firstPool = filters.ToList().FindIndex(f => f is IPoolRowFilter);
        _leading = firstPool < 0 ? filters.Count : firstPool;
    }

    public IReadOnlyList<IRowFilter> Filters => _filters;

    /// <summary>How many filters run inside the validating read (<see cref="CheckLeading"/>): the streaming ones before the first pool-calibrated one.</summary>
    public int LeadingCount => _leading;

    /// <summary>
    /// The leading streaming filters' decision on one row that read cleanly (rows in pool order, each once): the code
    /// and detail of the first filter that sets it aside, or null when all keep it.
    /// </summary>
    public (string Code, string Detail)? CheckLeading(Sample row) => Check(row, 0, _leading);

    /// <summary>Lets the leading streaming filters drop their state: call once the validating read (<see cref="CheckLeading"/>) is over.</summary>
    public void ForgetLeading()
    {
        foreach (var filter in _filters.Take(_leading).OfType<IStreamingRowFilter>())
            filter.Forget();
    }

    /// <summary>Runs the filters after the leading ones over <paramref name="scan"/>'s usable rows (<paramref name="read"/> streams them) and returns the scan without the rows they set aside.</summary>
    public PoolScan RunRest(PoolScan scan, Func<PoolScan, IEnumerable<Sample>> read, IProgress<StageProgress>? progress, CancellationToken cancellationToken) =>
        RunRest(scan, read, null, progress, cancellationToken);

    /// <summary>
    /// <see cref="RunRest(PoolScan, Func{PoolScan, IEnumerable{Sample}}, IProgress{StageProgress}?, CancellationToken)"/>,
    /// with <paramref name="readSome"/> streaming the usable rows at some positions of the scan (ascending) for the
    /// filters' passes over some rows (null: they are taken from a whole read).
    /// </summary>
    public PoolScan RunRest(PoolScan scan, Func<PoolScan, IEnumerable<Sample>> read, Func<PoolScan, IReadOnlyList<int>, IEnumerable<Sample>>? readSome, IProgress<StageProgress>? progress, CancellationToken cancellationToken)
    {
        readSome ??= (s, positions) => IPoolRowFilter.FromWholePasses(() => read(s))(positions.Select(p => s.UsableIndices[p]).ToList());
        var result = RunAfterLeading(scan, read, readSome, progress, cancellationToken);
        // Every decision is made: the streaming filters after the leading ones drop their state too.
        foreach (var filter in _filters.Skip(_leading).OfType<IStreamingRowFilter>())
            filter.Forget();
        return result;
    }

    private PoolScan RunAfterLeading(PoolScan scan, Func<PoolScan, IEnumerable<Sample>> read, Func<PoolScan, IReadOnlyList<int>, IEnumerable<Sample>> readSome, IProgress<StageProgress>? progress, CancellationToken cancellationToken)
    {
        var pendingFrom = _leading;
        for (var i = _leading; i < _filters.Count; i++)
        {
            if (_filters[i] is not IPoolRowFilter pool)
                continue;
            scan = RunPool(scan, read, readSome, pendingFrom, i, pool, progress, cancellationToken);
            pendingFrom = i + 1;
        }
        if (pendingFrom == _filters.Count)
            return scan;
        var stage = "filter " + string.Join(", ", _filters.Skip(pendingFrom).Select(f => f.Name));
        progress?.Report(new StageProgress(stage, 0, scan.UsableIndices.Count));
        var decided = new Dictionary<long, (string, string)>();
        foreach (var row in read(scan))
        {
            cancellationToken.ThrowIfCancellationRequested();
            if (Check(row, pendingFrom, _filters.Count) is { } decision)
                decided[row.Index] = decision;
        }
        progress?.Report(new StageProgress(stage, scan.UsableIndices.Count, scan.UsableIndices.Count));
        return scan.Without(decided);
    }

    /// <summary>Every step so far, in recipe order.</summary>
    public IReadOnlyList<FilterStep> Steps() =>
        _filters.Select((f, i) => new FilterStep(f.Name, f.Code, f.Settings, _rowsIn[i], _setAside[i], Seconds(i)) { FromCheckpoint = _fromCheckpoint[i] }).ToList();

    private double Seconds(int filter) => (double)_ticks[filter] / Stopwatch.Frequency;

    /// <summary>
    /// One pool-calibrated filter. The streaming filters pending before it (indices <paramref name="pendingFrom"/> up to
    /// it) are applied during its first pass, so they cost no read of their own.
    /// </summary>
    private PoolScan RunPool(PoolScan scan, Func<PoolScan, IEnumerable<Sample>> read, Func<PoolScan, IReadOnlyList<int>, IEnumerable<Sample>> readSome, int pendingFrom, int index, IPoolRowFilter filter, IProgress<StageProgress>? progress, CancellationToken cancellationToken)
    {
        if (_checkpoints is null)
            return scan.Without(Decide(scan, read, readSome, pendingFrom, index, filter, progress, cancellationToken));
        var key = FilterCheckpoints.Key(_filters, index, scan);
        if (_checkpoints.Load(index, filter.Name, key, c => Misfit(c, scan, pendingFrom, index), progress) is { } saved)
        {
            Restore(saved, pendingFrom);
            progress?.Report(new StageProgress($"filter {filter.Name}, from checkpoint", _rowsIn[index], _rowsIn[index]));
            return scan.Without(saved.SetAside.ToDictionary(d => d.Index, d => (d.Code, d.Detail)));
        }
        var decided = Decide(scan, read, readSome, pendingFrom, index, filter, progress, cancellationToken);
        var steps = Enumerable.Range(pendingFrom, index - pendingFrom + 1)
            .Select(i => new FilterCheckpoint.Step(_filters[i].Name, _rowsIn[i], _setAside[i], Seconds(i), (_filters[i] as ISelectionGate)?.Unselectable.ToList()))
            .ToList();
        var setAside = decided.Select(d => new FilterCheckpoint.Decision(d.Key, d.Value.Code, d.Value.Detail)).ToList();
        _checkpoints.Save(index, filter.Name, new FilterCheckpoint(key, steps, setAside));
        return scan.Without(decided);
    }

    /// <summary>Why a checkpoint whose key matched cannot stand for this step, or null when it can.</summary>
    private string? Misfit(FilterCheckpoint checkpoint, PoolScan scan, int pendingFrom, int index)
    {
        var filters = _filters.Skip(pendingFrom).Take(index - pendingFrom + 1).ToList();
        if (!checkpoint.Steps.Select(s => s.Name).SequenceEqual(filters.Select(f => f.Name)))
            return "its filters are not this step's";
        if (checkpoint.Steps.Zip(filters).Any(p => (p.First.Unselectable is null) == (p.Second is ISelectionGate)))
            return "its selection gates are not this step's filters' gates";
        if (checkpoint.Steps.Sum(s => s.SetAside) != checkpoint.SetAside.Count)
            return "its counts do not add up to the rows it sets aside";
        if (checkpoint.SetAside.Any(d => !IsUsable(scan, d.Index)))
            return "it sets aside a row that does not enter the step";
        return null;
    }

    /// <summary>Whether <paramref name="index"/> is one of the scan's usable rows.</summary>
    private static bool IsUsable(PoolScan scan, long index) => PositionOf(scan, index) >= 0;

    /// <summary>The position of row <paramref name="index"/> among the scan's usable rows (they are in source order), or −1.</summary>
    private static int PositionOf(PoolScan scan, long index)
    {
        int low = 0, high = scan.UsableIndices.Count - 1;
        while (low <= high)
        {
            var middle = low + ((high - low) >> 1);
            var at = scan.UsableIndices[middle];
            if (at == index)
                return middle;
            if (at < index)
                low = middle + 1;
            else
                high = middle - 1;
        }
        return -1;
    }

    /// <summary>Takes the counters, times and gated rows of the step's filters (from <paramref name="pendingFrom"/> on) from a checkpoint.</summary>
    private void Restore(FilterCheckpoint checkpoint, int pendingFrom)
    {
        for (var s = 0; s < checkpoint.Steps.Count; s++)
        {
            var (step, i) = (checkpoint.Steps[s], pendingFrom + s);
            _rowsIn[i] = step.RowsIn;
            _setAside[i] = step.SetAside;
            _ticks[i] = (long)Math.Round(step.Seconds * Stopwatch.Frequency);
            _fromCheckpoint[i] = true;
            if (_filters[i] is ISelectionGate gate)
                gate.Restore(step.Unselectable!);
        }
    }

    /// <summary>Runs the step (the pool filter's passes, with the pending streaming filters in the first) and returns the rows it sets aside.</summary>
    private Dictionary<long, (string Code, string Detail)> Decide(PoolScan scan, Func<PoolScan, IEnumerable<Sample>> read, Func<PoolScan, IReadOnlyList<int>, IEnumerable<Sample>> readSome, int pendingFrom, int index, IPoolRowFilter filter, IProgress<StageProgress>? progress, CancellationToken cancellationToken)
    {
        var decided = new Dictionary<long, (string Code, string Detail)>();
        var pendingApplied = pendingFrom == index;
        var passing = false;
        var passes = 0;
        long pendingTicks = 0;

        // One pass of the filter's: refused while another is still being read, and reported as a stage of its own with
        // the rows read so far, so a long pass shows its rate and ETA.
        IEnumerable<T> Passing<T>(IEnumerable<T> items, long total)
        {
            if (passing)
                throw new InvalidOperationException($"filter '{filter.Name}' started a pass over the rows before reading the previous one to its end");
            passing = true;
            var (passStage, rowsRead) = ($"filter {filter.Name}, pass {++passes}", 0L);
            progress?.Report(new StageProgress(passStage, 0, total));
            foreach (var item in items)
            {
                if (++rowsRead % ProgressEvery == 0)
                    progress?.Report(new StageProgress(passStage, rowsRead, total));
                yield return item;
            }
            progress?.Report(new StageProgress(passStage, rowsRead, total));
            passing = false;
        }

        IEnumerable<Sample> Pass()
        {
            var applying = !pendingApplied;
            var rows = applying ? Checked(read(scan)) : read(scan).Select(r => (r, ((string, string)?)null));
            foreach (var (row, decision) in Passing(rows, scan.UsableIndices.Count))
            {
                if (applying)
                {
                    if (decision is { } setAside)
                    {
                        decided[row.Index] = setAside;
                        continue;
                    }
                }
                else if (decided.ContainsKey(row.Index))
                {
                    continue;
                }
                yield return row;
            }
            pendingApplied = true;
        }

        // The pending streaming filters' decisions, in pool order; their time is kept out of the pool filter's.
        IEnumerable<(Sample Row, (string Code, string Detail)? Decision)> Checked(IEnumerable<Sample> rows)
        {
            if (!ChecksRowsAlone(pendingFrom, index))
            {
                foreach (var row in rows)
                {
                    var start = Stopwatch.GetTimestamp();
                    var decision = Check(row, pendingFrom, index);
                    pendingTicks += Stopwatch.GetTimestamp() - start;
                    yield return (row, decision);
                }
                yield break;
            }
            // Blocks of rows are checked on every core as the rows come (each row's decision is the same as one at a
            // time); the counters are added in row order here. The pool filter's time leaves out the waits for them.
            using var checkedBlocks = ParallelBlocks.Map(rows, CheckBlockRows, Environment.ProcessorCount,
                block => Array.ConvertAll(block, row => FirstToSetAside(row, pendingFrom, index)), cancellationToken).GetEnumerator();
            while (true)
            {
                var start = Stopwatch.GetTimestamp();
                var more = checkedBlocks.MoveNext();
                pendingTicks += Stopwatch.GetTimestamp() - start;
                if (!more)
                    yield break;
                var (block, firsts) = checkedBlocks.Current;
                for (var r = 0; r < block.Length; r++)
                    yield return (block[r], Count(firsts[r], pendingFrom, index));
            }
        }

        var stage = "filter " + filter.Name;
        var started = Stopwatch.GetTimestamp();
        // A pass over some rows: those of the given indices that reached the filter, parsed alone. The first pass must
        // be whole, as the pending streaming filters decide there which rows reach it.
        IEnumerable<Sample> Some(IReadOnlyList<long> indices)
        {
            if (!pendingApplied)
                throw new InvalidOperationException($"filter '{filter.Name}' asked for a pass over some rows before its first pass over all of them");
            var positions = new List<int>(indices.Count);
            foreach (var row in indices)
            {
                if (decided.ContainsKey(row))
                    continue;
                var position = PositionOf(scan, row);
                if (position < 0)
                    throw new InvalidOperationException($"filter '{filter.Name}' asked for row {row}, which does not reach it");
                positions.Add(position);
            }
            foreach (var row in Passing(readSome(scan, positions), positions.Count))
                yield return row;
        }

        var flagged = filter.Decide(Pass, Some, cancellationToken).ToList();
        if (!pendingApplied)
        {
            foreach (var _ in Pass())
                cancellationToken.ThrowIfCancellationRequested();
        }
        _ticks[index] += Stopwatch.GetTimestamp() - started - pendingTicks;
        _rowsIn[index] = scan.UsableIndices.Count - decided.Count;
        foreach (var (row, detail) in flagged)
        {
            if (!decided.TryAdd(row, (filter.Code, detail)))
                throw new InvalidOperationException($"filter '{filter.Name}' set aside row {row}, which did not reach it");
        }
        _setAside[index] = flagged.Count;
        progress?.Report(new StageProgress(stage, _rowsIn[index], _rowsIn[index]));
        return decided;
    }

    /// <summary>Rows one core checks at a time when every filter checked looks at a row alone.</summary>
    private const int CheckBlockRows = 64;

    private bool ChecksRowsAlone(int from, int to)
    {
        for (var i = from; i < to; i++)
        {
            if (!((IStreamingRowFilter)_filters[i]).ChecksRowAlone)
                return false;
        }
        return true;
    }

    /// <summary>Streaming filters <paramref name="from"/> (inclusive) to <paramref name="to"/> (exclusive) on one row: the first to set it aside decides.</summary>
    private (string Code, string Detail)? Check(Sample row, int from, int to) => Count(FirstToSetAside(row, from, to), from, to);

    /// <summary>
    /// The first of filters <paramref name="from"/> to <paramref name="to"/> (exclusive) that sets the row aside and
    /// why (<paramref name="to"/> and null when none does), each filter's time added to its own; safe on several
    /// threads, as it changes no counter but the times.
    /// </summary>
    private (int Filter, string? Detail) FirstToSetAside(Sample row, int from, int to)
    {
        for (var i = from; i < to; i++)
        {
            var start = Stopwatch.GetTimestamp();
            var detail = ((IStreamingRowFilter)_filters[i]).Check(row);
            Interlocked.Add(ref _ticks[i], Stopwatch.GetTimestamp() - start);
            if (detail is not null)
                return (i, detail);
        }
        return (to, null);
    }

    /// <summary>Counts a row in at every filter it reached and set aside at the one that decided, if any; returns the decision.</summary>
    private (string Code, string Detail)? Count((int Filter, string? Detail) first, int from, int to)
    {
        for (var i = from; i <= first.Filter && i < to; i++)
            _rowsIn[i]++;
        if (first.Filter == to)
            return null;
        _setAside[first.Filter]++;
        return (_filters[first.Filter].Code, first.Detail!);
    }
}

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
/// reads the pool six times, not seven. Each
/// step's rows in, rows set aside and time are kept for the report (<see cref="Steps"/>).
/// </summary>
public sealed class FilterChain
{
    private const int ProgressEvery = 4096;

    private readonly IReadOnlyList<IRowFilter> _filters;
    private readonly long[] _rowsIn;
    private readonly long[] _setAside;
    private readonly long[] _ticks;
    private readonly int _leading;

    public FilterChain(IReadOnlyList<IRowFilter> filters)
    {
        _filters = filters;
        _rowsIn = new long[filters.Count];
        _setAside = new long[filters.Count];
        _ticks = new long[filters.Count];
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
    public PoolScan RunRest(PoolScan scan, Func<PoolScan, IEnumerable<Sample>> read, IProgress<StageProgress>? progress, CancellationToken cancellationToken)
    {
        var result = RunAfterLeading(scan, read, progress, cancellationToken);
        // Every decision is made: the streaming filters after the leading ones drop their state too.
        foreach (var filter in _filters.Skip(_leading).OfType<IStreamingRowFilter>())
            filter.Forget();
        return result;
    }

    private PoolScan RunAfterLeading(PoolScan scan, Func<PoolScan, IEnumerable<Sample>> read, IProgress<StageProgress>? progress, CancellationToken cancellationToken)
    {
        var pendingFrom = _leading;
        for (var i = _leading; i < _filters.Count; i++)
        {
            if (_filters[i] is not IPoolRowFilter pool)
                continue;
            scan = RunPool(scan, read, pendingFrom, i, pool, progress, cancellationToken);
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
        _filters.Select((f, i) => new FilterStep(f.Name, f.Code, f.Settings, _rowsIn[i], _setAside[i], (double)_ticks[i] / Stopwatch.Frequency)).ToList();

    /// <summary>
    /// One pool-calibrated filter. The streaming filters pending before it (indices <paramref name="pendingFrom"/> up to
    /// it) are applied during its first pass, so they cost no read of their own.
    /// </summary>
    private PoolScan RunPool(PoolScan scan, Func<PoolScan, IEnumerable<Sample>> read, int pendingFrom, int index, IPoolRowFilter filter, IProgress<StageProgress>? progress, CancellationToken cancellationToken)
    {
        var decided = new Dictionary<long, (string, string)>();
        var pendingApplied = pendingFrom == index;
        var passing = false;
        var passes = 0;
        long pendingTicks = 0;

        IEnumerable<Sample> Pass()
        {
            if (passing)
                throw new InvalidOperationException($"filter '{filter.Name}' started a pass over the rows before reading the previous one to its end");
            passing = true;
            var applying = !pendingApplied;
            // Each pass is a stage of its own with the rows read so far, so a long pass shows its rate and ETA.
            var (passStage, total, rowsRead) = ($"filter {filter.Name}, pass {++passes}", (long)scan.UsableIndices.Count, 0L);
            progress?.Report(new StageProgress(passStage, 0, total));
            foreach (var row in read(scan))
            {
                if (++rowsRead % ProgressEvery == 0)
                    progress?.Report(new StageProgress(passStage, rowsRead, total));
                if (applying)
                {
                    var start = Stopwatch.GetTimestamp();
                    var decision = Check(row, pendingFrom, index);
                    pendingTicks += Stopwatch.GetTimestamp() - start;
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
            progress?.Report(new StageProgress(passStage, rowsRead, total));
            pendingApplied = true;
            passing = false;
        }

        var stage = "filter " + filter.Name;
        var started = Stopwatch.GetTimestamp();
        var flagged = filter.Decide(Pass, cancellationToken).ToList();
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
        return scan.Without(decided);
    }

    /// <summary>Streaming filters <paramref name="from"/> (inclusive) to <paramref name="to"/> (exclusive) on one row: the first to set it aside decides.</summary>
    private (string Code, string Detail)? Check(Sample row, int from, int to)
    {
        for (var i = from; i < to; i++)
        {
            var filter = (IStreamingRowFilter)_filters[i];
            _rowsIn[i]++;
            var start = Stopwatch.GetTimestamp();
            var detail = filter.Check(row);
            _ticks[i] += Stopwatch.GetTimestamp() - start;
            if (detail is not null)
            {
                _setAside[i]++;
                return (filter.Code, detail);
            }
        }
        return null;
    }
}

using System.Collections;
using System.Globalization;
using Winnow.Data;

namespace Winnow.Pipeline;

/// <summary>
/// The result of one validating pass over a dataset: which rows are usable, which were rejected at read
/// (with the reader's error), and which the row filters set aside (with their code and detail).
/// </summary>
public sealed class PoolScan
{
    // Per usable row: its source index, its content hash, its fingerprint and the number of its source: 28 bytes. The
    // row id ("index-hash") and the source name are made on demand, so no string per row is kept for the whole run.
    private readonly IReadOnlyList<long> _indices;
    private readonly IReadOnlyList<ulong> _hashes;
    private readonly IReadOnlyList<ulong> _fingerprints;
    private readonly IReadOnlyList<int> _sourceOf;
    private readonly IReadOnlyList<string> _sourceNames;

    private PoolScan(long totalRows, IReadOnlyList<long> usable, IReadOnlyList<ulong> hashes, IReadOnlyList<ulong> fingerprints, IReadOnlyList<int> sourceOf, IReadOnlyList<string> sourceNames, IReadOnlyList<RowError> badRows, IReadOnlyDictionary<long, (string Status, string Reason)> filtered, IReadOnlyDictionary<long, string> setAsideSources)
    {
        _indices = usable;
        _hashes = hashes;
        _fingerprints = fingerprints;
        _sourceOf = sourceOf;
        _sourceNames = sourceNames;
        SetAsideSources = setAsideSources;
        UsableSources = new SourceView(sourceOf, sourceNames);
        TotalRows = totalRows;
        UsableIndices = usable;
        UsableIds = new IdView(usable, hashes);
        BadRows = badRows;
        Filtered = filtered;
    }

    /// <summary>Bytes of per-row state a scan keeps for each usable row (<see cref="UsableIndices"/>, content hash, fingerprint, source number).</summary>
    public const int BytesPerUsableRow = sizeof(long) + 2 * sizeof(ulong) + sizeof(int);

    public long TotalRows { get; }

    /// <summary>Source indices of the rows that read cleanly and no filter set aside, in file order.</summary>
    public IReadOnlyList<long> UsableIndices { get; }

    /// <summary>Row ids of <see cref="UsableIndices"/>, same order.</summary>
    public IReadOnlyList<string> UsableIds { get; }

    /// <summary>Source of each of <see cref="UsableIndices"/> (<see cref="Sample.Source"/>), same order.</summary>
    public IReadOnlyList<string> UsableSources { get; }

    public IReadOnlyList<RowError> BadRows { get; }

    /// <summary>Rows a filter set aside, by source index, with the filter's code (the decisions file's status) and the reason.</summary>
    public IReadOnlyDictionary<long, (string Status, string Reason)> Filtered { get; }

    /// <summary>Source of every row in <see cref="Filtered"/>, by source index (for the per-source table and the source floor).</summary>
    public IReadOnlyDictionary<long, string> SetAsideSources { get; }

    /// <summary>The same scan with <paramref name="filtered"/> rows moved from the usable rows to <see cref="Filtered"/>.</summary>
    public PoolScan Without(IReadOnlyDictionary<long, (string Status, string Reason)> filtered)
    {
        var keep = Enumerable.Range(0, UsableIndices.Count).Where(i => !filtered.ContainsKey(UsableIndices[i])).ToList();
        var merged = new Dictionary<long, (string, string)>(Filtered.ToDictionary());
        foreach (var (index, decision) in filtered)
            merged[index] = decision;
        var sources = new Dictionary<long, string>(SetAsideSources.ToDictionary());
        foreach (var i in Enumerable.Range(0, UsableIndices.Count).Where(i => filtered.ContainsKey(UsableIndices[i])))
            sources[UsableIndices[i]] = UsableSources[i];
        return new PoolScan(TotalRows, keep.Select(i => _indices[i]).ToArray(), keep.Select(i => _hashes[i]).ToArray(), keep.Select(i => _fingerprints[i]).ToArray(), keep.Select(i => _sourceOf[i]).ToArray(), _sourceNames, BadRows, merged, sources);
    }

    /// <summary>
    /// The usable row (position in <see cref="UsableIds"/>) whose id is <paramref name="id"/>, or -1: the index part is
    /// found by binary search (usable rows are in pool order) and the content hash must match too.
    /// </summary>
    public int RowOf(string id)
    {
        var dash = id.IndexOf('-');
        if (dash <= 0 || !long.TryParse(id.AsSpan(0, dash), NumberStyles.None, CultureInfo.InvariantCulture, out var index)
            || !ulong.TryParse(id.AsSpan(dash + 1), NumberStyles.AllowHexSpecifier, CultureInfo.InvariantCulture, out var hash)
            || id.Length - dash - 1 != 16)
            return -1;
        int low = 0, high = _indices.Count - 1;
        while (low <= high)
        {
            var middle = low + ((high - low) >> 1);
            var at = _indices[middle];
            if (at == index)
                return _hashes[middle] == hash ? middle : -1;
            if (at < index)
                low = middle + 1;
            else
                high = middle - 1;
        }
        return -1;
    }

    /// <summary>
    /// Reads the whole file once. Under <see cref="OnErrorPolicy.Fail"/> the first bad row throws
    /// <see cref="BadRowException"/>; under <see cref="OnErrorPolicy.Skip"/> bad rows are collected. Each row that reads
    /// cleanly is offered to <paramref name="setAside"/> (the leading streaming filters, <see cref="Filters.FilterChain.CheckLeading"/>),
    /// in pool order, and kept unless it returns a decision. An input with no rows is an error unless
    /// <see cref="DatasetReadOptions.AllowEmpty"/>.
    /// </summary>
    public static PoolScan Run(string path, DatasetReadOptions options, OnErrorPolicy onError, IProgress<StageProgress>? progress, CancellationToken cancellationToken) =>
        Run(DatasetPool.Of(path), options, onError, null, progress, cancellationToken);

    /// <summary>As for one file, over every file of <paramref name="pool"/> in order (filters see the rows of every file, so duplicates across files count too).</summary>
    public static PoolScan Run(DatasetPool pool, DatasetReadOptions options, OnErrorPolicy onError, Func<Sample, (string Code, string Detail)?>? setAside, IProgress<StageProgress>? progress, CancellationToken cancellationToken)
    {
        var usable = new List<long>();
        var hashes = new List<ulong>();
        var fingerprints = new List<ulong>();
        var sourceOf = new List<int>();
        var sourceNames = new List<string>();
        var sourceNumbers = new Dictionary<string, int>(StringComparer.Ordinal);
        var bad = new List<RowError>();
        var filtered = new Dictionary<long, (string, string)>();
        var filteredSources = new Dictionary<long, string>();
        long total = 0;
        progress?.Report(new StageProgress("read", 0, null));
        foreach (var outcome in pool.Read(options))
        {
            total++;
            if (total % 4096 == 0)
            {
                cancellationToken.ThrowIfCancellationRequested();
                progress?.Report(new StageProgress("read", total, null));
            }
            if (outcome.Sample is not { } sample)
            {
                if (onError == OnErrorPolicy.Fail)
                    throw new BadRowException(outcome.Error!);
                bad.Add(outcome.Error!);
                continue;
            }
            if (setAside?.Invoke(sample) is { } decision)
            {
                filtered[outcome.Index] = decision;
                filteredSources[outcome.Index] = sample.Source;
                continue;
            }
            usable.Add(outcome.Index);
            hashes.Add(sample.Hash);
            fingerprints.Add(sample.Fingerprint);
            if (!sourceNumbers.TryGetValue(sample.Source, out var number))
            {
                number = sourceNumbers[sample.Source] = sourceNames.Count;
                sourceNames.Add(sample.Source);
            }
            sourceOf.Add(number);
        }
        if (total == 0 && !options.AllowEmpty)
            throw new DatasetFormatException(string.Join(", ", pool.Paths), 0, null, "the input has no rows (an empty file, [] or an empty .gz); pass --allow-empty if an empty run is intended");
        progress?.Report(new StageProgress("read", total, total));
        // Growth by doubling leaves up to half of each list unused; the scan lives for the whole run.
        usable.TrimExcess();
        hashes.TrimExcess();
        fingerprints.TrimExcess();
        sourceOf.TrimExcess();
        return new PoolScan(total, usable, hashes, fingerprints, sourceOf, sourceNames, bad, filtered, filteredSources);
    }

    /// <summary>Streams the usable rows again, in file order (a fresh read of the file each time).</summary>
    public IEnumerable<Sample> Rows(string path, DatasetReadOptions options) => Rows(DatasetPool.Of(path), options);

    /// <summary>Streams the usable rows of a pool again, in pool order.</summary>
    public IEnumerable<Sample> Rows(DatasetPool pool, DatasetReadOptions options) => Rows(pool, options, null);

    /// <summary>
    /// Streams some usable rows of a pool again, in pool order: those at <paramref name="positions"/> (positions in
    /// <see cref="UsableIndices"/>, ascending), or all when null. Only those rows are parsed (<see cref="DatasetPool.Read(DatasetReadOptions?, Func{long, bool}?)"/>),
    /// on a thread of their own ahead of the caller (<see cref="ReadAhead"/>).
    /// </summary>
    public IEnumerable<Sample> Rows(DatasetPool pool, DatasetReadOptions options, IReadOnlyList<int>? positions) =>
        ReadAhead.Of(RowsInOrder(pool, options, positions));

    private IEnumerable<Sample> RowsInOrder(DatasetPool pool, DatasetReadOptions options, IReadOnlyList<int>? positions)
    {
        for (var p = 1; positions is not null && p < positions.Count; p++)
        {
            if (positions[p] <= positions[p - 1])
                throw new ArgumentException($"positions[{p}] is {positions[p]}, after {positions[p - 1]}: expected ascending positions", nameof(positions));
        }
        var path = string.Join(", ", pool.Paths);
        var wantedCount = positions?.Count ?? UsableIndices.Count;
        int Usable(int next) => positions is null ? next : positions[next];
        // Indices come in pool order, so whether a row is wanted is one comparison with the next wanted index. A pass
        // over all usable rows asks too, so that the rows the scan set aside or could not read are not parsed again.
        var next = 0;
        bool Wanted(long index) => next < wantedCount && UsableIndices[Usable(next)] == index;
        foreach (var outcome in pool.Read(options, Wanted))
        {
            if (next == wantedCount)
                yield break;
            var at = Usable(next);
            if (outcome.Index != UsableIndices[at])
                continue;
            var sample = outcome.Sample ?? throw new InvalidDataException($"{path}: row {outcome.Index} changed since it was read; the input must not change during a run");
            // The index already matched, so a matching fingerprint is the row the scan read, and it takes the scan's
            // digest rather than computing it again; ids are formatted only for the message.
            if (sample.Fingerprint != _fingerprints[at])
                throw new InvalidDataException($"{path}: row {outcome.Index} changed since it was read (id {sample.Id}, was {UsableIds[at]}); the input must not change during a run");
            sample.AdoptHash(_hashes[at]);
            next++;
            yield return sample;
        }
        if (next != wantedCount)
            throw new InvalidDataException($"{path}: the file became shorter during the run ({next} of {wantedCount} usable rows found)");
    }

    /// <summary>The usable rows' ids, made when asked for.</summary>
    private sealed class IdView(IReadOnlyList<long> indices, IReadOnlyList<ulong> hashes) : IReadOnlyList<string>
    {
        public string this[int index] => Sample.FormatId(indices[index], hashes[index]);

        public int Count => indices.Count;

        public IEnumerator<string> GetEnumerator()
        {
            for (var i = 0; i < indices.Count; i++)
                yield return this[i];
        }

        IEnumerator IEnumerable.GetEnumerator() => GetEnumerator();
    }

    /// <summary>The usable rows' source names, looked up by source number.</summary>
    private sealed class SourceView(IReadOnlyList<int> sourceOf, IReadOnlyList<string> names) : IReadOnlyList<string>
    {
        public string this[int index] => names[sourceOf[index]];

        public int Count => sourceOf.Count;

        public IEnumerator<string> GetEnumerator()
        {
            for (var i = 0; i < sourceOf.Count; i++)
                yield return this[i];
        }

        IEnumerator IEnumerable.GetEnumerator() => GetEnumerator();
    }
}

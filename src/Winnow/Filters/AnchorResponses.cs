using System.Runtime.CompilerServices;
using System.Runtime.InteropServices;
using System.Runtime.Intrinsics.X86;

namespace Winnow.Filters;

/// <summary>
/// The anchors' response term vectors for <see cref="ResponseFit"/>, held three ways: end to end by anchor (anchor k's
/// buckets and weights at [starts[k], starts[k + 1])), inverted by bucket (the anchors holding a bucket, in anchor
/// order, with their weights), and as the Gram matrix of their dot products. A row's query is its prompt plus the
/// normalised sum of its neighbours' responses, so its fit to an anchor's response is the prompt's dot product with
/// that response (read off the inverted lists of the prompt's buckets) plus the neighbours' rows of the Gram matrix
/// over the sum's norm: no query is built and no reference response is read per row.
/// <para>
/// Every dot product here and in <see cref="SparseQuery.Fit"/> is the same sum: each shared bucket's float product,
/// added in double in ascending bucket order. Products commute, so the order of the two vectors does not matter, and a
/// row's response that equals an anchor's gets exactly the anchor's value: a tie stays a tie.
/// </para>
/// <para>
/// The Gram matrix (anchors² floats, 256 MiB at 8,192) lives in native memory, freed by <see cref="Dispose"/> when the
/// filter is done: as a managed array its pages stayed with the process through the later steps (≈ 250 MiB more
/// anonymous memory through scoring and embedding at 1M), on top of the run's peak at the clustering step.
/// </para>
/// </summary>
internal sealed unsafe class AnchorResponses : IDisposable
{
    private readonly int[] _starts;
    private readonly int[] _buckets;
    private readonly float[] _weights;
    private readonly int[] _postingStarts;
    private readonly Posting[] _postings;
    // Where each entry of the anchors' vectors sits in its bucket's inverted list: the Gram row of anchor n starts
    // each of its buckets' lists at n's own entry, the first with an anchor m ≥ n.
    private readonly int[] _postingOf;
    private float* _gram;

    /// <summary>Takes the anchors' vectors end to end (buckets ascending within an anchor) and builds the inverted lists and the Gram matrix on <paramref name="threads"/> cores.</summary>
    public AnchorResponses(int[] starts, int[] buckets, float[] weights, int bits, int threads, CancellationToken cancellationToken)
    {
        _starts = starts;
        _buckets = buckets;
        _weights = weights;
        Count = starts.Length - 1;
        (_postingStarts, _postings, _postingOf) = Invert(bits);
        _gram = (float*)NativeMemory.Alloc((nuint)Count * (nuint)Count, sizeof(float));
        try
        {
            BuildGram(threads, cancellationToken);
        }
        catch
        {
            Dispose();
            throw;
        }
    }

    /// <summary>Anchors held.</summary>
    public int Count { get; }

    public ReadOnlySpan<int> Buckets(int anchor) => _buckets.AsSpan(_starts[anchor], _starts[anchor + 1] - _starts[anchor]);

    public ReadOnlySpan<float> Weights(int anchor) => _weights.AsSpan(_starts[anchor], _starts[anchor + 1] - _starts[anchor]);

    /// <summary>Anchor <paramref name="anchor"/>'s response · every anchor's response (the Gram matrix's row), each rounded to float.</summary>
    public ReadOnlySpan<float> GramRow(int anchor)
    {
        ObjectDisposedException.ThrowIf(_gram is null && Count > 0, this);
        ArgumentOutOfRangeException.ThrowIfGreaterThanOrEqual((uint)anchor, (uint)Count, nameof(anchor));
        return new ReadOnlySpan<float>(_gram + (long)anchor * Count, Count);
    }

    public void Dispose()
    {
        NativeMemory.Free(_gram);
        _gram = null;
        GC.SuppressFinalize(this);
    }

    ~AnchorResponses() => NativeMemory.Free(_gram);

    /// <summary>
    /// Adds the dot product of a term vector (buckets ascending) with the responses of anchors [0, <paramref name="end"/>)
    /// to <paramref name="fits"/>[k]: each shared bucket's float product, added in ascending bucket order.
    /// </summary>
    public void AddFits(ReadOnlySpan<int> buckets, ReadOnlySpan<float> weights, int end, Span<double> fits)
    {
        // The lists start at scattered places in megabytes of postings, and each start was a cache miss the walk waited
        // for. A group's starts are asked for first, all at once, then the group's lists are walked in order.
        for (var group = 0; group < buckets.Length; group += PrefetchGroup)
        {
            var groupEnd = Math.Min(group + PrefetchGroup, buckets.Length);
            if (Sse.IsSupported)
            {
                for (var t = group; t < groupEnd; t++)
                {
                    var first = _postingStarts[buckets[t]];
                    // An empty list may start at the very end of the postings.
                    if (first < _postings.Length)
                        Sse.Prefetch0(Unsafe.AsPointer(ref _postings[first]));
                }
            }
            for (var t = group; t < groupEnd; t++)
            {
                var w = weights[t];
                var first = _postingStarts[buckets[t]];
                var last = _postingStarts[buckets[t] + 1];
                for (var p = first; p < last; p++)
                {
                    var (anchor, weight) = _postings[p];
                    if (anchor >= end)
                        break;
                    fits[anchor] += w * weight;
                }
            }
        }
    }

    /// <summary>Buckets whose inverted lists are prefetched together by <see cref="AddFits"/>: about the misses a core keeps in flight.</summary>
    private const int PrefetchGroup = 16;

    /// <summary>An entry of a bucket's inverted list: an anchor holding the bucket, with its weight there (one load for both).</summary>
    private readonly record struct Posting(int Anchor, float Weight);

    /// <summary>The inverted lists: for each bucket the anchors holding it, ascending, with their weights (counting sort by bucket).</summary>
    private (int[] Starts, Posting[] Postings, int[] PostingOf) Invert(int bits)
    {
        var starts = new int[(1 << bits) + 1];
        foreach (var b in _buckets)
            starts[b + 1]++;
        for (var b = 0; b < 1 << bits; b++)
            starts[b + 1] += starts[b];
        var next = starts[..^1];
        var postings = new Posting[_buckets.Length];
        var postingOf = new int[_buckets.Length];
        for (var k = 0; k < Count; k++)
        {
            for (var t = _starts[k]; t < _starts[k + 1]; t++)
            {
                var at = next[_buckets[t]]++;
                postings[at] = new Posting(k, _weights[t]);
                postingOf[t] = at;
            }
        }
        return (starts, postings, postingOf);
    }

    /// <summary>
    /// Row n's entries m ≥ n: anchor n's buckets in ascending order, each adding its product to every anchor m ≥ n that
    /// holds it; the entry is then mirrored to (m, n), which the same products in the same order would give.
    /// </summary>
    private void BuildGram(int threads, CancellationToken cancellationToken)
    {
        var options = new ParallelOptions { MaxDegreeOfParallelism = threads, CancellationToken = cancellationToken };
        Parallel.For(0, Count, options, () => new double[Count], (n, _, sums) =>
        {
            for (var t = _starts[n]; t < _starts[n + 1]; t++)
            {
                var w = _weights[t];
                var last = _postingStarts[_buckets[t] + 1];
                for (var p = _postingOf[t]; p < last; p++)
                    sums[_postings[p].Anchor] += w * _postings[p].Weight;
            }
            var gram = _gram;
            var row = (long)n * Count;
            for (var m = n; m < Count; m++)
            {
                var value = (float)sums[m];
                gram[row + m] = value;
                gram[(long)m * Count + n] = value;
                sums[m] = 0;
            }
            return sums;
        }, _ => { });
    }
}

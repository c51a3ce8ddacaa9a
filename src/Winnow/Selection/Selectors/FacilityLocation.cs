using System.Numerics.Tensors;
using Winnow.Components;
using Winnow.Selection.Geometry;

namespace Winnow.Selection.Selectors;

/// <summary>
/// <c>facility-location</c>: maximises f(S) = Σ_{i∈V} max_{j∈S} s_ij with the <see cref="FacilityKernel"/> similarity
/// by lazy greedy (Minoux): a max-heap of upper bounds on the marginal gains, re-evaluating stale tops until the top
/// is exact for the current step. The ground set V is the pool, or the rows an optional <see cref="CandidateFilter"/>
/// keeps (Superfiltering.D runs facility location on its IFD-filtered rows). Output order = greedy order; ties in
/// gain go to the lower row.
/// </summary>
/// <remarks>
/// Time: the initial gains Σ_i s_ij need all pairs once, n²/2 kernel values, O(n²·d), computed in symmetric blocks.
/// When the kernel fits in <c>dense_mb</c> MiB (4·n² bytes; default 2048, i.e. n ≤ ~23,000) that sweep also keeps it,
/// and every later re-evaluation or selection reads one row, O(n). Otherwise the kernel is never stored: memory is
/// O(n) (best similarity per row, gains, heap) plus a few B × B blocks, each re-evaluation and selection is one
/// O(n·d) sweep, and stale heap tops are re-evaluated in batches of <see cref="Batch"/> so one sweep serves several.
/// With the kernel d = 256 makes nearly flat (s ∈ [e^(−2/256), 1] for unit rows), bounds stay close and lazy greedy
/// re-evaluates many candidates per step, which is what makes the cache worth its memory. Both paths sum gains in
/// double (grouped per block on the blocked path), so they can disagree only on gains equal to ~1e-12 relative or
/// where kernel values computed by different block shapes differ in the last bit.
/// </remarks>
[Component("facility-location", "facility location, kernel exp(-‖x−y‖/d), lazy greedy, optional score pre-filter")]
[ParamGroup(typeof(CandidateFilter))]
[ParamGroup(typeof(FacilityLocation.DenseParams))]
[Needs(Embeddings = true, ColumnParams = ["prefilter_column"])]
public sealed class FacilityLocation(string name, CandidateFilter? prefilter, int denseMegabytes, int maxRows) : ISelector
{
    public const int Batch = 16;

    public string Name { get; } = name;

    public IReadOnlyDictionary<string, string> Settings { get; } = Describe(prefilter, denseMegabytes);

    /// <summary>Default <c>max_rows</c>: the initial gains then cost at most 200,000² / 2 · 256 ≈ 5·10¹² multiply-adds (tens of minutes on 2 cores).</summary>
    public const int DefaultMaxRows = 200_000;

    public static ISelector Create(Parameters p) => new FacilityLocation(Declared.Name<FacilityLocation>(), CandidateFilter.Read(p), p.GetInt("dense_mb"), p.GetInt("max_rows"));

    /// <summary>The memory and size switches every facility-location entry shares.</summary>
    [Param("dense_mb", ParamType.Int, "MiB the n × n kernel may take before it is recomputed instead of stored", Default = "2048", Min = 0)]
    [Param("max_rows", ParamType.Int, "largest ground set it runs on (the initial gains cost n²·d/2 multiply-adds: ≈ 10¹⁴ at 1M rows); 0 = no limit", Default = "200000", Min = 0)]
    public static class DenseParams;

    public SelectionResult Select(SelectionContext context, int budget, CancellationToken cancellationToken)
    {
        var embeddings = context.RequireEmbeddings(Name);
        var outcome = new Outcome(context.Count, budget);
        var ground = prefilter?.Apply(context, outcome.Reject) ?? Enumerable.Range(0, context.Count).ToList();
        if (maxRows > 0 && ground.Count > maxRows)
            throw new ArgumentException(
                $"{Name}: the ground set has {ground.Count:N0} rows, more than max_rows = {maxRows:N0}. Exact lazy greedy needs every pair's kernel value once for the "
                + $"initial gains, {(double)ground.Count * ground.Count / 2 * embeddings.Dim:0.#e+0} multiply-adds here (hours past ~500k rows on a laptop CPU). "
                + "Narrow the ground set with the score pre-filter, use k-center or car on a pool this large, or pass --selector-param max_rows=0 to run it anyway.");
        var rows = DenseRows.From(embeddings, ground, normalize: false);
        var dense = (long)rows.Count * rows.Count * sizeof(float) <= (long)denseMegabytes << 20;
        var state = new Greedy(rows, dense ? new float[(long)rows.Count * rows.Count] : null, cancellationToken);
        var bounds = state.InitialGains();
        var freshAt = new int[rows.Count];
        var heap = new PriorityQueue<int, (double Gain, int Index)>(Comparer<(double Gain, int Index)>.Create(
            (x, y) => x.Gain != y.Gain ? y.Gain.CompareTo(x.Gain) : x.Index.CompareTo(y.Index)));
        for (var j = 0; j < rows.Count; j++)
            heap.Enqueue(j, (bounds[j], j));
        var step = 0;
        var objective = 0.0;
        var stale = new List<int>(Batch);
        while (!outcome.Full && heap.Count > 0)
        {
            stale.Clear();
            while (stale.Count < Batch && heap.TryPeek(out var top, out _) && freshAt[top] != step)
                stale.Add(heap.Dequeue());
            if (stale.Count > 0)
            {
                var gains = state.Gains(stale);
                for (var c = 0; c < stale.Count; c++)
                {
                    bounds[stale[c]] = gains[c];
                    freshAt[stale[c]] = step;
                    heap.Enqueue(stale[c], (gains[c], stale[c]));
                }
                continue;
            }
            var chosen = heap.Dequeue();
            objective += bounds[chosen];
            state.Add(chosen);
            step++;
            outcome.Pick(ground[chosen], $"facility location step {step}: marginal gain {Outcome.Number(bounds[chosen])}, f(S) = {Outcome.Number(objective)}");
        }
        var index = new Dictionary<int, int>(ground.Count);
        for (var j = 0; j < ground.Count; j++)
            index[ground[j]] = j;
        return outcome.Finish(row => $"not chosen within budget {budget}: marginal gain at most {Outcome.Number(bounds[index[row]])}");
    }

    private static Dictionary<string, string> Describe(CandidateFilter? prefilter, int denseMegabytes)
    {
        var settings = new Dictionary<string, string>(StringComparer.Ordinal)
        {
            ["kernel"] = "exp(-euclidean/d)",
            ["optimizer"] = "lazy-greedy",
            ["dense_mb"] = denseMegabytes.ToString(System.Globalization.CultureInfo.InvariantCulture),
        };
        prefilter?.Describe(settings);
        return settings;
    }

    /// <summary>
    /// The greedy state: best similarity of every ground row to the chosen set, and kernel access, either from the
    /// cached n × n kernel (<paramref name="dense"/>, filled by the initial sweep) or by blocked sweeps.
    /// </summary>
    private sealed class Greedy(DenseRows rows, float[]? dense, CancellationToken cancellationToken)
    {
        private readonly float[] _best = new float[rows.Count];

        /// <summary>Σ_i s_ij for every j (the gains against the empty set), over the upper triangle of blocks.</summary>
        public double[] InitialGains()
        {
            var n = rows.Count;
            var size = RowBlocks.Size;
            var blocks = RowBlocks.Count(n);
            var gains = new double[n];
            var rowPartials = new double[blocks * size];
            var options = new ParallelOptions
            {
                CancellationToken = cancellationToken,
                MaxDegreeOfParallelism = blocks < RowBlocks.ParallelFrom ? 1 : Environment.ProcessorCount,
            };
            for (var bi = 0; bi < blocks; bi++)
            {
                var iStart = bi * size;
                var iCount = Math.Min(size, n - iStart);
                Array.Clear(rowPartials);
                Parallel.For(bi, blocks, options, () => (Kernel: new float[size * size], Columns: new double[size]), (bj, _, buffers) =>
                {
                    var jStart = bj * size;
                    var jCount = Math.Min(size, n - jStart);
                    var k = buffers.Kernel.AsSpan(0, iCount * jCount);
                    FacilityKernel.Block(rows.Rows(iStart, iCount), rows.SquaredNorms.AsSpan(iStart), iCount, rows.Rows(jStart, jCount), rows.SquaredNorms.AsSpan(jStart), jCount, rows.Dim, k);
                    if (dense is not null)
                        Keep(k, iStart, iCount, jStart, jCount);
                    for (var i = 0; i < iCount; i++)
                        rowPartials[bj * size + i] = SumInDouble(k.Slice(i * jCount, jCount));
                    if (bj != bi)
                    {
                        // Off-diagonal blocks also stand for their mirror image (s is symmetric).
                        var columns = buffers.Columns.AsSpan(0, jCount);
                        columns.Clear();
                        for (var i = 0; i < iCount; i++)
                        {
                            var kRow = k.Slice(i * jCount, jCount);
                            for (var j = 0; j < jCount; j++)
                                columns[j] += kRow[j];
                        }
                        for (var j = 0; j < jCount; j++)
                            gains[jStart + j] += columns[j];
                    }
                    return buffers;
                }, _ => { });
                for (var bj = bi; bj < blocks; bj++)
                {
                    for (var i = 0; i < iCount; i++)
                        gains[iStart + i] += rowPartials[bj * size + i];
                }
            }
            return gains;
        }

        /// <summary>Copies a kernel block and its mirror image into the dense cache (tasks write disjoint regions).</summary>
        private void Keep(ReadOnlySpan<float> k, int iStart, int iCount, int jStart, int jCount)
        {
            var n = (long)rows.Count;
            for (var i = 0; i < iCount; i++)
            {
                for (var j = 0; j < jCount; j++)
                {
                    var value = k[i * jCount + j];
                    dense![(iStart + i) * n + jStart + j] = value;
                    dense[(jStart + j) * n + iStart + i] = value;
                }
            }
        }

        /// <summary>Row <paramref name="j"/> of the cached kernel (= column j, the kernel is symmetric).</summary>
        private ReadOnlySpan<float> DenseRow(int j) => dense.AsSpan().Slice((int)((long)j * rows.Count), rows.Count);

        /// <summary>Exact marginal gains Σ_i max(0, s_ij − best_i) of the given ground rows, in one sweep.</summary>
        public double[] Gains(List<int> candidates)
        {
            if (dense is not null)
                return [.. candidates.Select(j => Improvement(DenseRow(j), _best))];
            var count = candidates.Count;
            var dim = rows.Dim;
            var gathered = new float[count * dim];
            var norms = new float[count];
            for (var c = 0; c < count; c++)
            {
                rows.Row(candidates[c]).CopyTo(gathered.AsSpan(c * dim, dim));
                norms[c] = rows.SquaredNorms[candidates[c]];
            }
            var partials = new double[RowBlocks.Count(rows.Count) * count];
            RowBlocks.ForEach(rows.Count, (block, from, to) =>
            {
                var width = to - from;
                var k = new float[width * count];
                FacilityKernel.Block(rows.Rows(from, width), rows.SquaredNorms.AsSpan(from), width, gathered, norms, count, dim, k);
                for (var i = 0; i < width; i++)
                {
                    var best = _best[from + i];
                    for (var c = 0; c < count; c++)
                    {
                        var similarity = k[i * count + c];
                        if (similarity > best)
                            partials[block * count + c] += (double)similarity - best;
                    }
                }
            }, cancellationToken);
            var gains = new double[count];
            for (var block = 0; block * count < partials.Length; block++)
            {
                for (var c = 0; c < count; c++)
                    gains[c] += partials[block * count + c];
            }
            return gains;
        }

        /// <summary>Σ_i max(0, s_i − best_i), summed in double in row order.</summary>
        private static double Improvement(ReadOnlySpan<float> similarities, ReadOnlySpan<float> best)
        {
            var sum = 0.0;
            for (var i = 0; i < similarities.Length; i++)
            {
                if (similarities[i] > best[i])
                    sum += (double)similarities[i] - best[i];
            }
            return sum;
        }

        /// <summary>Gains are sums of up to n kernel values; double accumulation keeps near-equal gains ordered correctly.</summary>
        private static double SumInDouble(ReadOnlySpan<float> values)
        {
            var sum = 0.0;
            foreach (var value in values)
                sum += value;
            return sum;
        }

        /// <summary>Adds ground row <paramref name="chosen"/> to S: best_i ← max(best_i, s_i,chosen).</summary>
        public void Add(int chosen)
        {
            if (dense is not null)
            {
                TensorPrimitives.Max(_best, DenseRow(chosen), _best);
                return;
            }
            var centre = rows.Row(chosen).ToArray();
            var norm = new[] { rows.SquaredNorms[chosen] };
            RowBlocks.ForEach(rows.Count, (_, from, to) =>
            {
                var width = to - from;
                var k = new float[width];
                FacilityKernel.Block(rows.Rows(from, width), rows.SquaredNorms.AsSpan(from), width, centre, norm, 1, rows.Dim, k);
                var best = _best.AsSpan(from, width);
                TensorPrimitives.Max(best, k, best);
            }, cancellationToken);
        }
    }
}

using System.Globalization;
using System.Numerics.Tensors;
using Winnow.Components;
using Winnow.Selection.Geometry;
using Winnow.Tensors;

namespace Winnow.Selection.Selectors;

/// <summary>
/// <c>deita</c>: Deita's Repr Filter as exact sequential greedy (its <c>batch_size = 1</c>). Rows are visited by the
/// score column descending (ties: lower row first, a stable order; deita's pandas quicksort leaves ties in an
/// unspecified order); a row is admitted unless its cosine similarity to some admitted row is &gt; τ (strict),
/// until the budget is full. Embeddings are L2-normalised (deita's <c>normalize_emb</c> default). An admitted row that
/// some rejected row was a near-duplicate of stands for those rows too: it is marked as a coverage pick
/// (<see cref="Pick.Covers"/>), so the source floor gives it up only after the picks that stand for themselves alone.
/// </summary>
/// <remarks>
/// Candidates are handled in blocks of <see cref="BlockRows"/>: one blocked dot product of the block against the
/// admitted set (in parallel chunks of the admitted set), then a sequential pass in which each candidate is also
/// compared with the rows admitted earlier in the same block, so the result equals one-at-a-time greedy.
/// Memory: the admitted rows (budget × d floats) plus one block; time O(visited · budget · d).
/// </remarks>
[Component("deita", "Deita Repr Filter: score-descending greedy, reject cosine similarity > threshold to any selected row")]
[Param("column", ParamType.Column, "the score rows are ranked by", Default = "deita.quality.evol_score")]
[Param("threshold", ParamType.Number, "a row is rejected when its cosine similarity to a selected row exceeds this", Default = "0.9", Min = -1, Max = 1)]
[Param("normalize", ParamType.Bool, "L2-normalise the embeddings first", Default = "true")]
[Needs(Embeddings = true, ColumnParams = ["column"])]
public sealed class DeitaReprFilter(string column, double threshold, bool normalize) : ISelector
{
    public const int BlockRows = 64;

    public string Name => Declared.Name<DeitaReprFilter>();

    public IReadOnlyDictionary<string, string> Settings { get; } = new Dictionary<string, string>(StringComparer.Ordinal)
    {
        ["column"] = column,
        ["threshold"] = Outcome.Number(threshold),
        ["normalize"] = normalize ? "true" : "false",
    };

    public static ISelector Create(Parameters p) =>
        new DeitaReprFilter(p.GetString("column"), p.GetDouble("threshold"), p.GetBool("normalize"));

    public SelectionResult Select(SelectionContext context, int budget, CancellationToken cancellationToken)
    {
        var embeddings = context.RequireEmbeddings(Name);
        var scores = context.Column(column);
        var outcome = new Outcome(context.Count, budget);
        var order = new List<int>(context.Count);
        for (var row = 0; row < context.Count; row++)
        {
            if (double.IsNaN(scores[row]))
                outcome.Reject(row, $"score missing: {column} is NaN");
            else
                order.Add(row);
        }
        order.Sort((x, y) => scores[x] != scores[y] ? scores[y].CompareTo(scores[x]) : x.CompareTo(y));

        var dim = embeddings.Dim;
        var admitted = new float[Math.Min(budget, order.Count) * dim];
        var admittedRows = new int[Math.Min(budget, order.Count)];
        var block = new float[BlockRows * dim];
        var maxSim = new float[BlockRows];
        var argMax = new int[BlockRows];
        var tau = (float)threshold;
        var covering = new HashSet<int>();
        for (var start = 0; start < order.Count && !outcome.Full; start += BlockRows)
        {
            cancellationToken.ThrowIfCancellationRequested();
            var count = Math.Min(BlockRows, order.Count - start);
            for (var c = 0; c < count; c++)
            {
                var target = block.AsSpan(c * dim, dim);
                embeddings.ReadRow(order[start + c], target);
                DenseRows.Normalise(target, normalize);
            }
            var before = outcome.PickedCount;
            MaxSimilarity(block, count, admitted, before, dim, maxSim, argMax, cancellationToken);
            for (var c = 0; c < count && !outcome.Full; c++)
            {
                var candidate = block.AsSpan(c * dim, dim);
                var best = maxSim[c];
                var bestIndex = argMax[c];
                // Rows admitted earlier in this block were not part of the blocked product.
                for (var s = before; s < outcome.PickedCount; s++)
                {
                    var sim = TensorPrimitives.Dot(candidate, admitted.AsSpan(s * dim, dim));
                    if (sim > best)
                        (best, bestIndex) = (sim, s);
                }
                var row = order[start + c];
                if (bestIndex >= 0 && best > tau)
                {
                    var twin = admittedRows[bestIndex];
                    covering.Add(twin);
                    outcome.Reject(row, $"near-duplicate of row {twin} ({context.Ids[twin]}): cosine {best.ToString("F4", CultureInfo.InvariantCulture)} > {Outcome.Number(threshold)}");
                    continue;
                }
                var slot = outcome.PickedCount;
                candidate.CopyTo(admitted.AsSpan(slot * dim, dim));
                admittedRows[slot] = row;
                var nearest = bestIndex >= 0 ? $"max cosine to selected {best.ToString("F4", CultureInfo.InvariantCulture)}" : "first row";
                outcome.Pick(row, $"{column} = {Outcome.Number(scores[row])}, {nearest} ≤ {Outcome.Number(threshold)}");
            }
        }
        outcome.MarkCovering(covering);
        return outcome.Finish(_ => $"not reached: budget {budget} filled");
    }

    /// <summary>For each candidate, the highest similarity to rows <c>[0, admittedCount)</c> and its index (−1 if none).</summary>
    private static void MaxSimilarity(float[] block, int count, float[] admitted, int admittedCount, int dim, float[] maxSim, int[] argMax, CancellationToken cancellationToken)
    {
        Array.Fill(maxSim, float.NegativeInfinity);
        Array.Fill(argMax, -1);
        if (admittedCount == 0)
            return;
        var chunks = RowBlocks.Count(admittedCount);
        var partialMax = new float[chunks * count];
        var partialArg = new int[chunks * count];
        RowBlocks.ForEach(admittedCount, (chunk, from, to) =>
        {
            var width = to - from;
            var sims = new float[count * width];
            BlockDot.Compute(block, count, admitted.AsSpan(from * dim, width * dim), width, dim, sims);
            for (var c = 0; c < count; c++)
            {
                var row = sims.AsSpan(c * width, width);
                var local = TensorPrimitives.IndexOfMax(row);
                partialMax[chunk * count + c] = row[local];
                partialArg[chunk * count + c] = from + local;
            }
        }, cancellationToken);
        // Chunks are merged in order with a strict '>', so the earliest admitted row wins exact ties.
        for (var chunk = 0; chunk < chunks; chunk++)
        {
            for (var c = 0; c < count; c++)
            {
                if (partialMax[chunk * count + c] > maxSim[c])
                {
                    maxSim[c] = partialMax[chunk * count + c];
                    argMax[c] = partialArg[chunk * count + c];
                }
            }
        }
    }
}

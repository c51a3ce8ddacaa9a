using System.Numerics.Tensors;
using Winnow.Components;
using Winnow.Selection.Geometry;

namespace Winnow.Selection.Selectors;

/// <summary>
/// <c>herding</c>: mean-matching herding (Welling 2009; the iCaRL coreset rule). With μ the pool mean and s the sum
/// of the t − 1 rows chosen so far, step t picks x ∉ S minimising ‖μ − (s + x)/t‖. Expanding the square, that is
/// the x minimising ‖x‖² − 2⟨tμ − s, x⟩, so each step is one sweep of dot products with w = tμ − s:
/// O(n·d) per step, O(n·k·d) in all, each sweep parallel over blocks read from the float16 (memory-mapped) embeddings
/// (<see cref="HalfRows"/>), with O(n) memory (5 bytes a row) and no copy of the pool. Ties go to the lower row.
/// Optional L2 normalisation of the rows first.
/// </summary>
[Component("herding", "herding: each step matches the selected mean to the pool mean")]
[Param("normalize", ParamType.Bool, "L2-normalise the embeddings first", Default = "false")]
[Needs(Embeddings = true)]
public sealed class Herding(bool normalize) : ISelector
{
    public string Name => Declared.Name<Herding>();

    public IReadOnlyDictionary<string, string> Settings { get; } = new Dictionary<string, string>(StringComparer.Ordinal)
    {
        ["normalize"] = normalize ? "true" : "false",
    };

    public static ISelector Create(Parameters p) => new Herding(p.GetBool("normalize"));

    public SelectionResult Select(SelectionContext context, int budget, CancellationToken cancellationToken)
    {
        var rows = HalfRows.From(context.RequireEmbeddings(Name), normalize, cancellationToken);
        var outcome = new Outcome(context.Count, budget);
        var n = rows.Count;
        var dim = rows.Dim;
        var mean = new double[dim];
        // Summed row by row in pool order: the mean's rounding does not depend on the blocks or threads.
        rows.ForEachBlockInOrder((_, from, to, block) =>
        {
            for (var i = 0; i < to - from; i++)
            {
                var row = block.Slice(i * dim, dim);
                for (var j = 0; j < dim; j++)
                    mean[j] += row[j];
            }
        }, cancellationToken);
        for (var j = 0; j < dim; j++)
            mean[j] /= Math.Max(n, 1);
        var sum = new double[dim];
        var w = new float[dim];
        var chosen = new bool[n];
        var chosenRow = new float[dim];
        var blockBest = new int[RowBlocks.Count(n)];
        var blockValue = new float[blockBest.Length];
        while (!outcome.Full && outcome.PickedCount < n)
        {
            var t = outcome.PickedCount + 1;
            for (var j = 0; j < dim; j++)
                w[j] = (float)(t * mean[j] - sum[j]);
            rows.ForEachBlock((block, from, to, widened) =>
            {
                var best = -1;
                var bestValue = float.PositiveInfinity;
                for (var i = from; i < to; i++)
                {
                    if (chosen[i])
                        continue;
                    var value = rows.SquaredNorms[i] - 2f * TensorPrimitives.Dot(widened.Slice((i - from) * dim, dim), w);
                    if (value < bestValue)
                        (best, bestValue) = (i, value);
                }
                blockBest[block] = best;
                blockValue[block] = bestValue;
            }, cancellationToken);
            var pick = -1;
            for (var b = 0; b < blockBest.Length; b++)
            {
                if (blockBest[b] >= 0 && (pick < 0 || blockValue[b] < blockValue[pick]))
                    pick = b;
            }
            var next = blockBest[pick];
            chosen[next] = true;
            rows.Read(next, chosenRow);
            var gap = 0.0;
            for (var j = 0; j < dim; j++)
            {
                sum[j] += chosenRow[j];
                var diff = mean[j] - sum[j] / t;
                gap += diff * diff;
            }
            outcome.Pick(next, $"herding step {t}: ‖pool mean − selected mean‖ = {Outcome.Number(Math.Sqrt(gap))}");
        }
        return outcome.Finish(_ => $"not chosen within budget {budget}");
    }
}

using System.Numerics.Tensors;
using Winnow.Components;
using Winnow.Selection.Geometry;

namespace Winnow.Selection.Selectors;

/// <summary>
/// <c>k-center</c>: greedy k-center (Sener &amp; Savarese 2018). Keeps m(x) = min over chosen centres of d(x, s);
/// each step picks the row with the largest m (ties: lower row) and lowers m with the distances to it, so k steps
/// cost O(n·k) distance evaluations: O(n·k·d) time, each step one parallel sweep over the pool read in blocks from its
/// float16 (memory-mapped) embeddings (<see cref="HalfRows"/>), and O(n) memory (9 bytes a row), no copy of the pool.
/// The first centre is a seeded uniform draw (<c>init = random</c>) or the row with the highest value of the
/// score column (<c>init = score</c>, ties: lower row, NaN rows never chosen as the start).
/// Every pick is a coverage pick (<see cref="Pick.Covers"/>: the source floor gives it up last) except a start chosen by
/// score: each centre is the row farthest from the earlier ones.
/// </summary>
[Component("k-center", "greedy k-center (L2 or cosine) from a seeded random or highest-score start")]
[Param("metric", ParamType.Choice, "distance between rows", Default = "l2", Values = ["l2", "euclidean", "cosine"])]
[Param("init", ParamType.Choice, "first centre: a seeded random row, or the row with the highest score", Default = "random", Values = ["random", "score"])]
[Param("column", ParamType.Column, "score column of init = score", DefaultDoc = "none (required by init = score)")]
[Needs(Embeddings = true, ColumnParams = ["column"])]
public sealed class KCenterGreedy(DistanceMetric metric, bool initFromScore, string? column) : ISelector
{
    public string Name => Declared.Name<KCenterGreedy>();

    public IReadOnlyDictionary<string, string> Settings { get; } = new Dictionary<string, string>(StringComparer.Ordinal)
    {
        ["metric"] = DistanceMetrics.Name(metric),
        ["init"] = initFromScore ? "score" : "random",
        ["column"] = column ?? "",
    };

    public static ISelector Create(Parameters p)
    {
        var metric = DistanceMetrics.Parse(p.GetString("metric"), p.Owner);
        var column = p.GetOptionalString("column");
        return p.GetString("init") == "score"
            ? new KCenterGreedy(metric, true, column ?? throw new ArgumentException($"{p.Owner}: init = score needs the 'column' parameter"))
            : new KCenterGreedy(metric, false, column);
    }

    public SelectionResult Select(SelectionContext context, int budget, CancellationToken cancellationToken)
    {
        var rows = HalfRows.From(context.RequireEmbeddings(Name), metric == DistanceMetric.Cosine, cancellationToken);
        var outcome = new Outcome(context.Count, budget);
        var n = rows.Count;
        if (n == 0 || budget == 0)
            return outcome.Finish(_ => $"not chosen: budget {budget}");
        var minDistance = new float[n];
        Array.Fill(minDistance, float.PositiveInfinity);
        var chosen = new bool[n];
        var next = FirstCentre(context);
        outcome.Pick(next, initFromScore ? $"first centre: highest {column}" : "first centre: seeded random draw", covers: !initFromScore);
        while (true)
        {
            chosen[next] = true;
            Update(rows, next, minDistance, cancellationToken);
            if (outcome.Full || outcome.PickedCount == n)
                break;
            next = Farthest(minDistance, chosen);
            outcome.Pick(next, $"k-center step {outcome.PickedCount + 1}: distance to nearest centre {Outcome.Number(minDistance[next])}", covers: true);
        }
        var radius = CoveringRadius(minDistance);
        return outcome.Finish(row => $"covered: distance to nearest centre {Outcome.Number(minDistance[row])} (covering radius {Outcome.Number(radius)})");
    }

    /// <summary>max over rows of the distance to the nearest centre, after the centres in <paramref name="minDistance"/>.</summary>
    public static float CoveringRadius(ReadOnlySpan<float> minDistance) => minDistance.Length == 0 ? 0f : TensorPrimitives.Max(minDistance);

    private int FirstCentre(SelectionContext context)
    {
        if (!initFromScore)
            return new SeededRandom(context.Seed).NextInt(context.Count);
        var scores = context.Column(column!);
        var best = -1;
        for (var row = 0; row < scores.Length; row++)
        {
            if (!double.IsNaN(scores[row]) && (best < 0 || scores[row] > scores[best]))
                best = row;
        }
        return best >= 0 ? best : throw new ArgumentException($"k-center: every value of '{column}' is NaN; no start row");
    }

    private void Update(HalfRows rows, int centre, float[] minDistance, CancellationToken cancellationToken)
    {
        var c = new float[rows.Dim];
        rows.Read(centre, c);
        var centreNorm = rows.SquaredNorms[centre];
        var dim = rows.Dim;
        rows.ForEachBlock((_, from, to, block) =>
        {
            for (var i = from; i < to; i++)
            {
                var row = block.Slice((i - from) * dim, dim);
                var distance = DistanceMetrics.FromDot(metric, row, c, TensorPrimitives.Dot(row, c), rows.SquaredNorms[i], centreNorm);
                if (distance < minDistance[i])
                    minDistance[i] = distance;
            }
        }, cancellationToken);
        minDistance[centre] = 0f;
    }

    private static int Farthest(float[] minDistance, bool[] chosen)
    {
        var best = -1;
        for (var i = 0; i < minDistance.Length; i++)
        {
            if (!chosen[i] && (best < 0 || minDistance[i] > minDistance[best]))
                best = i;
        }
        return best;
    }
}

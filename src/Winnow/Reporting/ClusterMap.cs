using Winnow.Embedding;
using Winnow.Selection.Clustering;

namespace Winnow.Reporting;

/// <summary>
/// The 2-D map of the embeddings: the first two principal components of a seeded sample of at most
/// <see cref="FitRows"/> rows, and at most <see cref="MaxPoints"/> points drawn — every selected row of every method
/// up to half that number, the rest a seeded random sample of the pool — so a map of a 10M-row pool stays a few
/// thousand SVG elements.
/// </summary>
public static class ClusterMap
{
    public const int FitRows = 20000;

    public const int MaxPoints = 4000;

    /// <param name="positionOf">Pool position of each embedding row.</param>
    /// <param name="selected">Embedding rows any method selected.</param>
    public static IReadOnlyList<MapPoint> Build(EmbeddingMatrix embeddings, IReadOnlyList<int> positionOf, int[] labels, IReadOnlySet<int> selected, int seed)
    {
        var n = embeddings.Rows;
        if (n < 3)
            return [];
        var random = new SeededRandom(seed);
        var fit = Shuffled(n, random).Take(FitRows).Order().ToArray();
        var data = new float[fit.Length * embeddings.Dim];
        for (var i = 0; i < fit.Length; i++)
            embeddings.ReadRow(fit[i], data.AsSpan(i * embeddings.Dim, embeddings.Dim));
        var pca = Pca.Fit(data, fit.Length, embeddings.Dim, varianceToKeep: 1.0);
        var chosen = selected.Order().Take(MaxPoints / 2).ToList();
        var rest = Shuffled(n, random).Where(r => !selected.Contains(r)).Take(MaxPoints - chosen.Count);
        var points = chosen.Concat(rest).Order().ToArray();
        var row = new float[embeddings.Dim];
        var map = new List<MapPoint>(points.Length);
        foreach (var r in points)
        {
            embeddings.ReadRow(r, row);
            map.Add(new MapPoint(positionOf[r], Project(pca, row, 0), pca.ComponentCount > 1 ? Project(pca, row, 1) : 0f, labels[r]));
        }
        return map;
    }

    private static float Project(PcaModel pca, float[] row, int component)
    {
        var axis = pca.Component(component);
        var sum = 0.0;
        for (var j = 0; j < row.Length; j++)
            sum += (row[j] - pca.Mean[j]) * axis[j];
        return (float)sum;
    }

    private static int[] Shuffled(int n, SeededRandom random)
    {
        var order = Enumerable.Range(0, n).ToArray();
        random.Shuffle(order.AsSpan());
        return order;
    }
}

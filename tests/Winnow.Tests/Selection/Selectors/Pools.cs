using Winnow.Embedding;
using Winnow.Selection;

namespace Winnow.Tests.Selection.Selectors;

/// <summary>Small hand-written and seeded random pools for selector tests.</summary>
public static class Pools
{
    public static EmbeddingMatrix Matrix(params float[][] rows)
    {
        var matrix = new EmbeddingMatrix(rows.Length, rows.Length == 0 ? 1 : rows[0].Length);
        for (var i = 0; i < rows.Length; i++)
            matrix.WriteRow(i, rows[i]);
        return matrix;
    }

    public static SelectionContext Context(int rows, EmbeddingMatrix? embeddings = null, int seed = 0, params (string Name, double[] Values)[] columns) => new()
    {
        Ids = [.. Enumerable.Range(0, rows).Select(i => $"id{i}")],
        Scores = columns.ToDictionary(c => c.Name, c => c.Values),
        Embeddings = embeddings,
        Seed = seed,
    };

    /// <summary>Gaussian rows (optionally unit length) and two score columns with ~10 % NaN, all from one seed.</summary>
    public static SelectionContext Random(int seed, int rows, int dim, bool unit = false)
    {
        var random = new Random(seed);
        var matrix = new EmbeddingMatrix(rows, dim);
        var row = new float[dim];
        for (var i = 0; i < rows; i++)
        {
            for (var j = 0; j < dim; j++)
                row[j] = (float)Gaussian(random);
            if (unit)
            {
                var norm = MathF.Sqrt(row.Sum(v => v * v));
                for (var j = 0; j < dim; j++)
                    row[j] /= norm;
            }
            matrix.WriteRow(i, row);
        }
        double Score(double scale, double offset) => random.NextDouble() < 0.1 ? double.NaN : offset + scale * random.NextDouble();
        var ifd = Enumerable.Range(0, rows).Select(_ => Score(1.0, 0.5)).ToArray();
        var quality = Enumerable.Range(0, rows).Select(_ => Score(5.0, 0.0)).ToArray();
        return Context(rows, matrix, seed, ("ifd.ifd", ifd), ("deita.quality.evol_score", quality), ("s", quality));
    }

    public static double Gaussian(Random random) =>
        Math.Sqrt(-2.0 * Math.Log(1.0 - random.NextDouble())) * Math.Cos(2.0 * Math.PI * random.NextDouble());

    public static ISelector Create(string name, params (string Key, string Value)[] parameters)
    {
        return Winnow.Pipeline.Catalog.Selectors.Create(name, parameters.ToDictionary(p => p.Key, p => p.Value));
    }

    public static int[] Rows(SelectionResult result) => [.. result.Selected.Select(p => p.Row)];

    public static string Reason(SelectionResult result, int row) =>
        result.Rejected.Single(r => r.Row == row).Reason;
}

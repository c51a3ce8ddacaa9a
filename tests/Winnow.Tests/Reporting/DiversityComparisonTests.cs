using Winnow.Embedding;
using Winnow.Pipeline;
using Winnow.Reporting;

namespace Winnow.Tests.Reporting;

public sealed class DiversityComparisonTests
{
    [Fact]
    public void RandomSelectionsOfThePoolsSizeAreThePool()
    {
        // Every seeded "random" selection of all n rows is the pool itself, so its range collapses onto the pool value.
        var random = new Random(1);
        var matrix = new EmbeddingMatrix(60, 8);
        for (var i = 0; i < 60; i++)
            matrix.WriteRow(i, [.. Enumerable.Range(0, 8).Select(_ => (float)random.NextDouble() - 0.5f)]);
        var labels = SelectionDiversity.Labels(matrix, 0)!;
        var rows = DiversityComparison.Build(matrix, labels, [Enumerable.Range(0, 60).ToArray(), new[] { 0, 1, 2, 3, 4, 5 }], 0, null, CancellationToken.None);
        Assert.Contains(rows, r => r.Metric.StartsWith("Vendi", StringComparison.Ordinal));
        foreach (var row in rows)
        {
            Assert.Equal(row.Pool, row.Methods[0], 9);
            Assert.Equal(row.Pool, row.Random[0].Low, 9);
            Assert.Equal(row.Pool, row.Random[0].High, 9);
            Assert.True(row.Random[1].Low <= row.Random[1].High);
        }
    }
}

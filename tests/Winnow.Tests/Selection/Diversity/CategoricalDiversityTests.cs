using Winnow.Selection.Diversity;

namespace Winnow.Tests.Selection.Diversity;

public class CategoricalDiversityTests
{
    // Counts 1, 1, 2 → p = ¼, ¼, ½.
    private static readonly double[] Counts = [1, 1, 2];

    [Fact]
    public void EntropiesOfAHandDistribution()
    {
        Assert.Equal(1.5 * Math.Log(2), CategoricalDiversity.Shannon(Counts), 12);          // −(2·¼ ln ¼ + ½ ln ½)
        Assert.Equal(Math.Log(3), CategoricalDiversity.Renyi(Counts, 0), 12);              // ln #categories
        Assert.Equal(-Math.Log(0.375), CategoricalDiversity.Renyi(Counts, 2), 12);         // −ln Σp² = −ln 0.375
        Assert.Equal(Math.Log(2), CategoricalDiversity.Renyi(Counts, double.PositiveInfinity), 12); // −ln max p
        Assert.Equal(-0.5 * Math.Log(0.15625), CategoricalDiversity.Renyi(Counts, 3), 12); // ln(2/64 + 1/8) / (1 − 3)
        Assert.Equal(CategoricalDiversity.Shannon(Counts), CategoricalDiversity.Renyi(Counts, 1 + 1e-9), 6);
    }

    [Fact]
    public void SimpsonFamily()
    {
        Assert.Equal(0.375, CategoricalDiversity.Simpson(Counts), 12);
        Assert.Equal(0.625, CategoricalDiversity.GiniSimpson(Counts), 12);
        Assert.Equal(8.0 / 3, CategoricalDiversity.InverseSimpson(Counts), 12);
        Assert.Equal(CategoricalDiversity.InverseSimpson(Counts), CategoricalDiversity.HillNumber(Counts, 2), 12);
    }

    [Fact]
    public void UniformAndDegenerateDistributions()
    {
        double[] uniform = [5, 5, 5, 5];
        foreach (var alpha in new[] { 0, 0.5, 1, 2, double.PositiveInfinity })
            Assert.Equal(Math.Log(4), CategoricalDiversity.Renyi(uniform, alpha), 12);
        Assert.Equal(0, CategoricalDiversity.Shannon([0, 7, 0]), 12);
        Assert.Equal(1, CategoricalDiversity.Simpson([0, 7, 0]), 12);
        Assert.True(double.IsNaN(CategoricalDiversity.Shannon([0, 0])));
        Assert.Throws<ArgumentException>(() => CategoricalDiversity.Shannon([1, -1]));
        Assert.Throws<ArgumentOutOfRangeException>(() => CategoricalDiversity.Renyi(Counts, -1));
    }

    [Fact]
    public void LabelsOfASubsetAndClustersCovered()
    {
        int[] labels = [3, 3, 7, 1, 7, 7, 9];
        int[] rows = [0, 2, 4, 5, 6];
        Assert.Equal([1.0, 3.0, 1.0], CategoricalDiversity.LabelCounts(labels, rows)); // labels 3, 7, 9
        Assert.Equal(3, CategoricalDiversity.ClustersCovered(labels, rows));
        Assert.Equal(4, CategoricalDiversity.LabelCounts(labels).Length);
    }
}

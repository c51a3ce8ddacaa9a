using Winnow.Embedding;
using Winnow.Pipeline;

namespace Winnow.Tests.Pipeline;

public class SelectionDiversityTests
{
    /// <summary>The pool's figures measured apart (as the pipeline does, while the selector runs) give the report the same numbers.</summary>
    [Fact]
    public void Pool_figures_measured_apart_give_the_same_comparison()
    {
        var random = new Random(3);
        using var embeddings = new EmbeddingMatrix(300, 8);
        for (var r = 0; r < embeddings.Rows; r++)
        {
            var row = embeddings.Row(r);
            for (var d = 0; d < row.Length; d++)
                row[d] = (Half)(random.NextDouble() - 0.5 + (r % 5 == d ? 2 : 0));
        }
        int[] selected = [3, 10, 42, 77, 120, 121, 250, 299];
        var together = SelectionDiversity.Compare(embeddings, selected, seed: 9);
        var apart = SelectionDiversity.Compare(embeddings, selected, SelectionDiversity.OfPool(embeddings, seed: 9), seed: 9);
        Assert.Equal(together.Selected, apart.Selected);
        Assert.Equal(together.Pool, apart.Pool);
        Assert.True(together.Pool["clusters_covered"] > together.Selected["clusters_covered"] - 1e-9);
        Assert.Equal(selected.Length, together.Selected["rows"]);
    }
}

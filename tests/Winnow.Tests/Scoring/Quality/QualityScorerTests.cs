using Winnow.Scoring.Quality;

namespace Winnow.Tests.Scoring.Quality;

public class QualityScorerTests
{
    [Fact]
    public void A_batch_scored_on_every_core_gives_each_row_the_models_own_score_in_order()
    {
        var scorer = QualityScorer.Create(Parameters.For<QualityScorer>());
        var rows = Enumerable.Range(0, 64).Select(i => TestRows.Alpaca(i, $"What is {i} + {i}?", i % 3 == 0 ? $"{2 * i}" : $"Adding {i} to itself gives {2 * i}.\n\nSo the answer is {2 * i}.")).ToList();
        var scores = scorer.Score(rows, CancellationToken.None);
        var model = Winnow.Quality.Training.QualityModel.LoadBuiltIn();
        Assert.Equal(rows.Select(r => model.Score(r.Prompt, r.Response)), scores.Select(s => s.Values![0]));
        Assert.NotEqual(scores[0].Values![0], scores[1].Values![0]);
    }
}

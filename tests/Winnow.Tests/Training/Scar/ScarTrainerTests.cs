using Winnow.Quality.Pairs;
using Winnow.Tests.Models;
using Winnow.Training.Scar;

namespace Winnow.Tests.Training.Scar;

/// <summary>
/// SCAR ranker training on the xlmr-tiny fixture encoder (random weights, with its pooler) on pairs whose preferred
/// answer carries a marker word: the ranking loss falls, and the scar scorer loading the written folder reproduces
/// the validation accuracy and loss the trainer reported for the kept epoch.
/// </summary>
public class ScarTrainerTests
{
    [SharedFact]
    public void TrainingLowersTheRankingLossAndTheScarScorerReadsTheFolder()
    {
        using var folder = new TempFolder();
        var pairs = Enumerable.Range(0, 16).Select(i => new PreferencePair(i + 2, $"Tell me about topic {i}.", "",
            $"Here is an excellent clear answer about topic {i}.", $"Awful muddled words on topic {i}.")).ToList();
        var train = pairs.Take(12).ToList();
        var valid = pairs.Skip(12).ToList();
        var options = new ScarTrainingOptions { Epochs = 4, BatchPairs = 4, LearningRate = 1e-3, WarmupRatio = 0, LinearDim = 8, Threads = 2 };
        var result = ScarTrainer.Train(TestPaths.Fixture("xlmr-tiny"), train, valid, folder.Path, options, TextWriter.Null);
        Assert.True(result.Epochs[^1].TrainLoss < result.Epochs[0].TrainLoss, $"train loss {result.Epochs[0].TrainLoss:F4} → {result.Epochs[^1].TrainLoss:F4}");
        Assert.True(result.BestEpoch > 0, "no epoch improved on the untrained ranker");
        var best = result.Epochs[result.BestEpoch - 1];
        Assert.True(best.ValidLoss < result.InitialValidLoss, $"valid loss {result.InitialValidLoss:F4} → {best.ValidLoss:F4}");

        var scorer = Winnow.Pipeline.Catalog.Scorers.Create("scar", new Parameters(new Dictionary<string, string> { ["model"] = folder.Path }, "scar"));
        var samples = valid.SelectMany((p, i) => new[] { p.PreferredSample(2 * i), p.OtherSample(2 * i + 1) }).ToList();
        var scores = scorer.Score(samples, CancellationToken.None).Select(r => r.Values![0]).ToArray();
        var differences = Enumerable.Range(0, valid.Count).Select(i => scores[2 * i] - scores[2 * i + 1]).ToArray();
        Close.Assert(best.ValidLoss, differences.Average(d => Math.Max(0, options.Margin - d)), 1e-4, "valid loss of the written ranker");
        Assert.Equal(best.ValidAccuracy, differences.Average(d => d > 0 ? 1.0 : d == 0 ? 0.5 : 0));
    }
}

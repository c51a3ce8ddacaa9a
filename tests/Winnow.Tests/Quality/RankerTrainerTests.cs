using Winnow.Quality.Training;

namespace Winnow.Tests.Quality;

public class RankerTrainerTests
{
    private static PairwiseRanker Ranker(int inputs, int hidden, int seed)
    {
        var random = new Random(seed);
        double[] Draw(int n) => Enumerable.Range(0, n).Select(_ => random.NextDouble() - 0.5).ToArray();
        return new PairwiseRanker(new double[inputs], Enumerable.Repeat(1.0, inputs).ToArray(), hidden,
            Draw(hidden == 0 ? inputs : hidden * inputs), Draw(hidden), Draw(hidden));
    }

    private static double Loss(PairwiseRanker r, IReadOnlyList<(double[] P, double[] O)> batch, double l2)
    {
        var loss = batch.Average(b => Math.Log(1 + Math.Exp(-(r.ScoreStandardized(b.P, null) - r.ScoreStandardized(b.O, null)))));
        return loss + l2 / 2 * (r.Weights.Sum(w => w * w) + r.Output.Sum(w => w * w));
    }

    [Theory]
    [InlineData(0)]
    [InlineData(3)]
    public void Hand_written_gradient_matches_central_differences(int hidden)
    {
        var ranker = Ranker(4, hidden, 1);
        var random = new Random(2);
        var batch = Enumerable.Range(0, 5).Select(_ => (Enumerable.Range(0, 4).Select(_ => random.NextDouble() * 2 - 1).ToArray(),
            Enumerable.Range(0, 4).Select(_ => random.NextDouble() * 2 - 1).ToArray())).ToList();
        const double l2 = 0.1, h = 1e-6;
        var gradient = RankerTrainer.Gradient(ranker, batch, l2);
        var parameters = new[] { ranker.Weights, ranker.HiddenBias, ranker.Output };
        var at = 0;
        foreach (var array in parameters)
            for (var i = 0; i < array.Length; i++, at++)
            {
                var keep = array[i];
                array[i] = keep + h;
                var up = Loss(ranker, batch, l2);
                array[i] = keep - h;
                var down = Loss(ranker, batch, l2);
                array[i] = keep;
                Assert.True(Math.Abs((up - down) / (2 * h) - gradient[at]) < 1e-7, $"parameter {at}: numeric {(up - down) / (2 * h)} vs {gradient[at]}");
            }
        Assert.Equal(gradient.Length, at);
    }

    [Fact]
    public void Training_learns_a_separable_preference_and_is_deterministic_for_a_seed()
    {
        // The preferred side has the larger first feature; the second feature is noise.
        var random = new Random(3);
        List<(double[], double[])> Pairs(int n) => Enumerable.Range(0, n).Select(_ =>
        {
            var a = random.NextDouble();
            return (new[] { a + 0.5, random.NextDouble() }, new[] { a, random.NextDouble() });
        }).ToList();
        var train = Pairs(60);
        var valid = Pairs(20);
        var options = new TrainerOptions(MaxEpochs: 30, Patience: 30, Seed: 5);
        var first = RankerTrainer.Train(train, valid, options);
        var second = RankerTrainer.Train(train, valid, options);
        Assert.Equal(1.0, first.ValidAccuracy);
        Assert.Equal(first.Ranker.Weights, second.Ranker.Weights);
        Assert.True(first.Ranker.Importances()[0] > first.Ranker.Importances()[1]);
    }

    [Fact]
    public void Early_stopping_ends_patience_epochs_after_the_best_epoch()
    {
        // Validation prefers the opposite of training, so every epoch after the first is worse on it.
        List<(double[], double[])> train = [([1.0], [0.0]), ([2.0], [1.0])];
        List<(double[], double[])> valid = [([0.0], [1.0]), ([1.0], [2.0])];
        var outcome = RankerTrainer.Train(train, valid, new TrainerOptions(Hidden: 0, MaxEpochs: 100, Patience: 4));
        Assert.Equal(1, outcome.BestEpoch);
        Assert.Equal(5, outcome.EpochsRun);
    }
}

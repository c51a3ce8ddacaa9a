using Winnow.Quality.Evaluation;
using Winnow.Quality.Pairs;

namespace Winnow.Tests.Quality;

public class PairEvaluationTests
{
    [Fact]
    public void Kendall_tau_b_matches_hand_counts_with_and_without_ties()
    {
        Assert.Equal(4.0 / 6, KendallTau.TauB([1, 2, 3, 4], [1, 3, 2, 4]), 12);
        // x ties one pair: (C − D) / sqrt((3 − 1)(3 − 0)) = 2 / sqrt(6), as scipy.stats.kendalltau gives.
        Assert.Equal(2 / Math.Sqrt(6), KendallTau.TauB([1, 1, 2], [1, 2, 3]), 12);
    }

    [Fact]
    public void Ties_count_half_and_the_interval_is_seeded_and_contains_the_estimate()
    {
        double[] credits = [1, 0, 0.5, 1, 1];
        var a = PairwiseAccuracy.Estimate(credits, seed: 7);
        Assert.Equal(0.7, a.Accuracy, 12);
        Assert.Equal(a, PairwiseAccuracy.Estimate(credits, seed: 7));
        Assert.InRange(a.Accuracy, a.Low, a.High);
        Assert.Equal(0.5, PairwiseAccuracy.Credit(2, 2));
    }

    [Fact]
    public void Length_reference_line_and_not_longer_slice_follow_hand_counts()
    {
        var set = new PairSet("hand", [new(1, "q", "", "aaaa", "aa"), new(2, "q", "", "b", "bbb"), new(3, "q", "", "cc", "dd")], null);
        var column = new ScoreColumn("test-length", "chars", LowerIsBetter: true);
        var lines = PairEvaluation.Run(set, [(column, new TestRows.LengthScorer())], null, 1, CancellationToken.None);
        Assert.Equal(PairEvaluation.LengthLabel, lines[0].Label);
        Assert.Equal(1.5 / 3, lines[0].Overall.Accuracy, 12);
        Assert.Equal(2, lines[0].NotLonger.Pairs);
        Assert.Equal(0.25, lines[0].NotLonger.Accuracy, 12);
        Assert.Equal("test-length.chars:low", lines[1].Label);
        Assert.Equal(1.5 / 3, lines[1].Overall.Accuracy, 12);
        Assert.Equal(0.75, lines[1].NotLonger.Accuracy, 12);
    }

    [Fact]
    public void A_scorer_error_on_one_side_leaves_the_pair_out_and_counts_it()
    {
        var set = new PairSet("hand", [new(1, "q", "", "long answer", "x"), new(2, "q", "", "boom", "fine")], null);
        var lines = PairEvaluation.Run(set, [(new ScoreColumn("test-length", null, false), new TestRows.LengthScorer())], null, 1, CancellationToken.None);
        Assert.Equal((1, 1, 1.0), (lines[1].Unscored, lines[1].Overall.Pairs, lines[1].Overall.Accuracy));
    }

    [Fact]
    public void Score_columns_parse_fields_and_direction()
    {
        bool Known(string name) => name is "lexical.length" or "stat-ifd";
        Assert.Equal(new ScoreColumn("lexical.length", "length_chars", false), ScoreColumn.Parse("lexical.length.length_chars", Known));
        Assert.Equal(new ScoreColumn("stat-ifd", "ifd", true), ScoreColumn.Parse("stat-ifd.ifd:low", Known));
        Assert.Equal(new ScoreColumn("stat-ifd", null, false), ScoreColumn.Parse("stat-ifd", Known));
        Assert.Contains("no scorer named", Assert.Throws<ArgumentException>(() => ScoreColumn.Parse("nope.x", Known)).Message);
    }
}

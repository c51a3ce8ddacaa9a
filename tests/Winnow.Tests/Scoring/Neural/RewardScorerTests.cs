using Winnow.Tests.Models;

namespace Winnow.Tests.Scoring.Neural;

/// <summary>reward on xlmr-tiny-regression against expected.json's score (transformers' logits[0], no sigmoid).</summary>
public class RewardScorerTests
{
    [SharedFact]
    public void MatchesTheRegressionHeadScores()
    {
        var cases = FixtureJson.Load("xlmr-tiny-regression").GetProperty("cases").EnumerateArray().ToArray();
        var scorer = Winnow.Pipeline.Catalog.Scorers.Create("reward", new Parameters(new Dictionary<string, string>
        {
            ["model"] = TestPaths.Fixture("xlmr-tiny-regression"),
            ["text"] = "instruction",
            ["batch_size"] = "3",
        }, "reward"));
        var rows = cases.Select((c, i) => TestRows.Alpaca(i, c.GetProperty("text").GetString()!, "ignored")).ToList();
        var results = scorer.Score(rows, CancellationToken.None);
        for (var i = 0; i < cases.Length; i++)
            Close.Assert(cases[i].GetProperty("score").GetDouble(), results[i].Values![0], 1e-4, $"case {i}");
    }

    [SharedFact]
    public void AModelWithoutAHeadIsRejected() =>
        Assert.ThrowsAny<Exception>(() => Winnow.Pipeline.Catalog.Scorers.Create("reward",
            new Parameters(new Dictionary<string, string> { ["model"] = TestPaths.Fixture("xlmr-tiny") }, "reward")));
}

using Winnow.Data;
using Winnow.Scoring;
using Winnow.Scoring.Statistical;

namespace Winnow.Tests.Scoring.Statistical;

public class NgramLmScorerTests
{
    internal static Sample Row(long index, string instruction, string response) =>
        new(index, [new Turn(Role.User, instruction), new Turn(Role.Assistant, response)], instruction, "", response);

    private static readonly Sample[] Pool =
    [
        Row(0, "greet", "Hello there, how are you today?"),
        Row(1, "greet", "Hello there, how are you?"),
        Row(2, "greet", "Hello, how are you today?"),
        Row(3, "other", "Quantum chromodynamics binds quarks."),
    ];

    private static NgramLmScorer Fitted(params (string Key, string Value)[] p)
    {
        var scorer = NgramLmScorer.Create(Parameters.For<NgramLmScorer>(p.ToDictionary(x => x.Key, x => x.Value)));
        scorer.Fit(Pool, default);
        return scorer;
    }

    [Fact]
    public void TypicalRowsAreMorePredictableThanOutliers()
    {
        var results = Fitted().Score(Pool, default);
        Assert.All(results, r => Assert.True(r.IsOk));
        Assert.True(results[0].Values![0] < results[3].Values![0]);
        Assert.Equal(Math.Exp(results[0].Values![1]), results[0].Values![0], 12);
        Assert.Equal(8, results[0].Values![2]); // hello there , how are you today ? = 8 WordPunct units
    }

    [Fact]
    public void LeaveOneOutRaisesOwnPerplexity()
    {
        var loo = Fitted().Score(Pool, default);
        var full = Fitted(("leave_one_out", "false")).Score(Pool, default);
        for (var i = 0; i < Pool.Length; i++)
            Assert.True(loo[i].Values![0] > full[i].Values![0]);
        // A row from outside the pool is never left out, whatever the option.
        var outside = Row(9, "greet", "Hello there, how are you today?!");
        Assert.Equal(Fitted().Score([outside], default)[0].Values![0], Fitted(("leave_one_out", "false")).Score([outside], default)[0].Values![0], 12);
    }

    [Fact]
    public void ByteUnitsAndEmptyRows()
    {
        var scorer = Fitted(("unit", "byte"), ("order", "5"));
        Assert.Equal("byte", scorer.Variant);
        var results = scorer.Score([Pool[0], Row(5, "x", "")], default);
        Assert.Equal(31, results[0].Values![2]);
        Assert.False(results[1].IsOk);
    }

    [Fact]
    public void ScoringBeforeFitIsAnError() =>
        Assert.Throws<InvalidOperationException>(() => NgramLmScorer.Create(Parameters.For<NgramLmScorer>()).Score(Pool, default));

    [Fact]
    public void OrderTooHighForWordKeysIsAnError() =>
        Assert.Throws<ArgumentException>(() => NgramLmScorer.Create(Parameters.For<NgramLmScorer>(new Dictionary<string, string> { ["order"] = "4" })));
}

using Winnow.Scoring.Judge;

namespace Winnow.Tests.Scoring.Judge;

/// <summary>Reading a score from a reply: the strict first-line pattern, and the expected value over score tokens (hand-computed).</summary>
public class JudgeReadingTests
{
    private static readonly JudgeTemplate Template = JudgeTemplate.AlpaGasus;

    [Theory]
    [InlineData("4", 4.0)]
    [InlineData("\n  4.5  \nBecause it is right.", 4.5)]
    [InlineData("Score: 3\nok", 3.0)]
    [InlineData("score=0", 0.0)]
    [InlineData("5\r\nfine", 5.0)]
    public void TheFirstLinePatternReadsTheNumberAloneOnItsLine(string reply, double expected) =>
        Assert.Equal([expected], JudgeReading.Read(Template, JudgeReadMode.Pattern, new ChatReply(reply, null)).Values!);

    [Theory]
    [InlineData("4.5/5")]
    [InlineData("I would rate it 4")]
    [InlineData("**4**")]
    [InlineData("")]
    [InlineData("four")]
    public void AnythingElseIsARowErrorQuotingTheReply(string reply)
    {
        var result = JudgeReading.Read(Template, JudgeReadMode.Pattern, new ChatReply(reply, null));
        Assert.False(result.IsOk);
        Assert.Contains("unparsable judge reply", result.Error);
        Assert.Contains($"\"{reply}\"", result.Error);
        Assert.Equal(reply, result.Text);
    }

    [Fact]
    public void ScoreTokensWithAndWithoutASpaceAddUp()
    {
        // p("3") = .2 and p(" 3") = .2 are both the score 3; p("2") = .4; p("x") = .2 is not a score.
        // E = (3·.4 + 2·.4) / .8 = 2.5, mass .8.
        var reply = new ChatReply("3", [new ReplyToken("3", [("3", Math.Log(.2)), (" 3", Math.Log(.2)), ("2", Math.Log(.4)), ("x", Math.Log(.2))])]);
        var values = JudgeReading.Read(Template, JudgeReadMode.LogProbs, reply).Values!;
        Assert.Equal(2.5, values[0], 12);
        Assert.Equal(3.0, values[1]);
        Assert.Equal(0.8, values[2], 12);
    }

    [Fact]
    public void TokensOutsideTheScaleOrOfSeveralDigitsAreNotScores()
    {
        // "7" is off the 0-5 scale and "45" is not one score token: only "1" counts, so E = 1 with mass .1.
        var reply = new ChatReply("1", [new ReplyToken("1", [("7", Math.Log(.5)), ("45", Math.Log(.4)), ("1", Math.Log(.1))])]);
        var values = JudgeReading.Read(Template, JudgeReadMode.LogProbs, reply).Values!;
        Assert.Equal(1.0, values[0], 12);
        Assert.Equal(0.1, values[2], 12);
    }

    [Fact]
    public void AReplyWithoutLogProbsCannotBeReadByLogProbs()
    {
        var result = JudgeReading.Read(Template, JudgeReadMode.LogProbs, new ChatReply("4", null));
        Assert.Contains("no token log-probabilities", result.Error);
        Assert.Equal("4", result.Text);
    }
}

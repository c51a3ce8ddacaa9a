using Winnow.Data;
using Winnow.Scoring;
using Winnow.Scoring.Lexical;

namespace Winnow.Tests.Scoring.Lexical;

public class LexicalScorersTests
{
    private static Sample Row(string instruction, string response) =>
        new(0, [new Turn(Role.User, instruction), new Turn(Role.Assistant, response)], instruction, "", response);

    private static IScorer Create(string name, params (string Key, string Value)[] p)
    {
        return Winnow.Pipeline.Catalog.Scorers.Create(name, p.ToDictionary(x => x.Key, x => x.Value));
    }

    [Fact]
    public void RegistersOneNamePerMetric()
    {
        Assert.Equal(["lexical.hdd", "lexical.length", "lexical.mtld", "lexical.simpson", "lexical.ttr", "lexical.vocd"],
            Winnow.Pipeline.Catalog.Scorers.Components.Where(c => c.Type.Namespace == typeof(LexicalScorer).Namespace).Select(c => c.Name));
    }

    [Fact]
    public void ScoresTheResponseByDefault()
    {
        var row = Row("one two", "A b a c 😀");
        var length = Create("lexical.length").Score([row], default)[0];
        // tokens a, b, a, c, 😀 = 5; characters = 9 Unicode scalars (the emoji is one); one exchange.
        Assert.Equal([5, 9, 1], length.Values!);
        var ttr = Create("lexical.ttr", ("text", "prompt")).Score([row], default)[0];
        Assert.Equal(1.0, ttr.Values![0]);
    }

    [Fact]
    public void TooShortIsARowErrorForThatMetricOnly()
    {
        var row = Row("q", string.Join(' ', Enumerable.Range(0, 30).Select(i => $"w{(char)('a' + i % 26)}")));
        Assert.True(Create("lexical.mtld").Score([row], default)[0].IsOk);
        var hdd = Create("lexical.hdd").Score([row], default)[0];
        Assert.False(hdd.IsOk);
        Assert.Contains("30 word token(s)", hdd.Error);
        Assert.False(Create("lexical.vocd").Score([row], default)[0].IsOk);
    }

    [Fact]
    public void HddReportsBothScales()
    {
        var response = string.Join(' ', Enumerable.Range(0, 21).SelectMany(i => new[] { $"t{(char)('a' + i)}", $"t{(char)('a' + i)}" }));
        var result = Create("lexical.hdd").Score([Row("q", response)], default)[0];
        Assert.Equal([0.5, 21.0], result.Values!.Select(v => Math.Round(v, 12)));
    }

    [Fact]
    public void UnknownParameterIsAnError() =>
        Assert.Throws<ArgumentException>(() => Create("lexical.mtld", ("treshold", "0.7")));

    [Fact]
    public void BadFieldIsAnError() =>
        Assert.Throws<ArgumentException>(() => Create("lexical.ttr", ("text", "output")));
}

using Winnow.Data;
using Winnow.Models;
using Winnow.Scoring.Neural;
using Winnow.Tests.Models;
using Winnow.Tokenizers;

namespace Winnow.Tests.Scoring.Neural;

/// <summary>
/// Deita scorers on llama-tiny (Mistral tokenizer): the expected score is recomputed here from the model's raw
/// next-token logits at the digit ids METHODS §4.1 lists for Mistral (28740 … 28784), with a hand-written prompt.
/// </summary>
public class DeitaScorerTests
{
    private static readonly int[] MistralDigits = [28740, 28750, 28770, 28781, 28782, 28784];

    [SharedFact]
    public void ComplexityIsTheDigitExpectation()
    {
        var row = TestRows.Alpaca(0, "Explain recursion.", "It calls itself.");
        const string prompt = "You are a helpful assistant. Please identify the complexity score of the following user query. \n##Query: Explain recursion.  \n##Complexity: ";
        var scorer = Create("deita.complexity");
        Assert.Equal(string.Join(",", MistralDigits), scorer.Settings["digit_ids"]);
        var v = scorer.Score([row], CancellationToken.None)[0].Values!;
        var expected = Expected(prompt);
        Close.Assert(expected, v[0], 1e-5, "complexity");
        Close.Assert(expected, v[1], 1e-5, "complexity mean");
        Assert.Equal(1, v[2]);
        Assert.InRange(v[0], 1, 6);
    }

    [SharedFact]
    public void QualityScoresEveryExchangeAndCombinesWithComplexity()
    {
        var row = new Sample(0,
        [
            new Turn(Role.System, "Be kind."),
            new Turn(Role.User, "Hi"),
            new Turn(Role.Assistant, "Hello!"),
            new Turn(Role.User, "Bye"),
        ], "Hi", "", "Hello!");
        var q1 = Expected("You are a helpful assistant. Please identify the quality score of the Response corresponding to the Question. \n #Question#:\nHi\n#Response#:\nHello! \n##Quality: ");
        var q2 = Expected("You are a helpful assistant. Please identify the quality score of the Response corresponding to the Question. \n #Question#:\nBye\n#Response#:\n \n##Quality: ");
        var c1 = Expected("You are a helpful assistant. Please identify the complexity score of the following user query. \n##Query: Hi  \n##Complexity: ");
        var c2 = Expected("You are a helpful assistant. Please identify the complexity score of the following user query. \n##Query: Bye  \n##Complexity: ");
        var scorer = Create("deita.quality", complexity: true);
        Assert.Equal(["quality", "quality_mean", "turns", "evol_score"], scorer.Fields);
        var v = scorer.Score([row, TestRows.Alpaca(1, "Hi", "Hello!")], CancellationToken.None).Select(r => r.Values!).ToArray();
        Close.Assert(q1, v[0][0], 1e-5, "quality of turn 1");
        Close.Assert((q1 + q2) / 2, v[0][1], 1e-5, "mean quality");
        Assert.Equal(2, v[0][2]);
        Close.Assert(c1 * q1 + c2 * q2, v[0][3], 1e-5, "evol score");
        Close.Assert(q1, v[1][0], 1e-5, "single-turn quality");
    }

    [SharedFact]
    public void TooLongPromptIsARowError()
    {
        var scorer = Create("deita.complexity");
        var results = scorer.Score([TestRows.Alpaca(0, string.Join(' ', Enumerable.Repeat("word", 3000)), "x")], CancellationToken.None);
        Assert.Contains("positions", results[0].Error);
    }

    /// <summary>Σ k·softmax(logits at the six digit ids)_k, with the logits at the prompt's last position.</summary>
    private static double Expected(string prompt)
    {
        var ids = Tokenizer.Load(TestPaths.Fixture("llama-tiny")).Encode(prompt).Ids;
        var logits = CausalLM.Load(TestPaths.Fixture("llama-tiny")).Logits([ids], [[ids.Length - 1]])[0];
        var z = MistralDigits.Select(id => Math.Exp(logits[id])).ToArray();
        return z.Select((w, k) => (k + 1) * w).Sum() / z.Sum();
    }

    private static Winnow.Scoring.IScorer Create(string name, bool complexity = false)
    {
        var values = new Dictionary<string, string> { ["model"] = TestPaths.Fixture("llama-tiny") };
        if (complexity)
            values["complexity_model"] = TestPaths.Fixture("llama-tiny");
        return Winnow.Pipeline.Catalog.Scorers.Create(name, new Parameters(values, name));
    }
}

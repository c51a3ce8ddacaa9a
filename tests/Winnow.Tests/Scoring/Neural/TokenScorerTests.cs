using System.Text.Json;
using Winnow.Models;
using Winnow.Tests.Models;
using Winnow.Tokenizers;

namespace Winnow.Tests.Scoring.Neural;

/// <summary>
/// perplexity and uncertainty against the causal fixtures' expected.json case "text2" (an instruction line followed
/// by its answer, so template none splits it as prompt + response): token_nll / mean_loss for the losses, top5 and
/// logsumexp for the max and second probabilities, and the entropy computed by hand from the model's raw logits.
/// </summary>
public class TokenScorerTests
{
    private const double Tolerance = 1e-4;
    private const string Instruction = "Give three tips for staying healthy.";
    private const string Response = "1. Eat a balanced diet.\n2. Exercise regularly.\n3. Get enough sleep.";

    public static TheoryData<string> Models() => new() { "gpt2-tiny", "llama-tiny" };

    [SharedTheory]
    [MemberData(nameof(Models))]
    public void PerplexityMatchesTheFixtureLosses(string model)
    {
        var (c, start) = Text2(model);
        var nll = c.GetProperty("token_nll").EnumerateArray().Select(x => x.GetDouble()).ToArray();
        var row = new[] { TestRows.Alpaca(0, Instruction, Response) };

        var whole = Create("perplexity", model, "text").Score(row, CancellationToken.None)[0].Values!;
        Close.Assert(c.GetProperty("mean_loss").GetDouble(), whole[0], Tolerance, "span=text loss");
        Assert.Equal(nll.Length, whole[2]);

        var response = Create("perplexity", model, "response").Score(row, CancellationToken.None)[0].Values!;
        var expected = nll[(start - 1)..].Average();
        Close.Assert(expected, response[0], Tolerance, "span=response loss");
        Close.Assert(Math.Exp(expected), response[1], Math.Exp(expected) * Tolerance, "span=response ppl");
        Assert.Equal(nll.Length - start + 1, response[2]);
    }

    [SharedTheory]
    [MemberData(nameof(Models))]
    public void UncertaintyMatchesTopProbabilitiesAndHandComputedEntropy(string model)
    {
        var (c, start) = Text2(model);
        var ids = c.GetProperty("ids").Ints();
        var top5 = c.GetProperty("top5").EnumerateArray().ToArray();
        var lse = c.GetProperty("logsumexp").EnumerateArray().Select(x => x.GetDouble()).ToArray();
        var positions = Enumerable.Range(start - 1, ids.Length - start).ToArray();
        var lm = CausalLM.Load(TestPaths.Fixture(model));
        var logits = lm.Logits([ids], [positions])[0];

        double entropy = 0, leastConfidence = 0, margin = 0, minMargin = double.MaxValue;
        for (var j = 0; j < positions.Length; j++)
        {
            var t = positions[j];
            var p1 = Math.Exp(top5[t][0][1].GetDouble() - lse[t]);
            var p2 = Math.Exp(top5[t][1][1].GetDouble() - lse[t]);
            leastConfidence += 1 - p1;
            margin += p1 - p2;
            minMargin = Math.Min(minMargin, p1 - p2);
            entropy += Entropy(logits.AsSpan(j * lm.VocabSize, lm.VocabSize));
        }
        var n = positions.Length;
        var v = Create("uncertainty", model, "response").Score([TestRows.Alpaca(0, Instruction, Response)], CancellationToken.None)[0].Values!;
        Close.Assert(entropy / n, v[0], Tolerance, "mean entropy");
        Close.Assert(leastConfidence / n, v[1], 1e-6, "least confidence");
        Close.Assert(margin / n, v[2], 1e-6, "mean margin");
        Close.Assert(minMargin, v[3], 1e-6, "min margin");
    }

    [SharedFact]
    public void EmptyResponseIsARowError()
    {
        var results = Create("perplexity", "gpt2-tiny", "response").Score([TestRows.Alpaca(0, Instruction, "")], CancellationToken.None);
        Assert.Contains("empty response", results[0].Error);
    }

    /// <summary>Entropy in double from raw logits: log-sum-exp, then −Σ p log p.</summary>
    private static double Entropy(ReadOnlySpan<float> logits)
    {
        double max = double.NegativeInfinity;
        foreach (var l in logits)
            max = Math.Max(max, l);
        double sum = 0;
        foreach (var l in logits)
            sum += Math.Exp(l - max);
        var logZ = max + Math.Log(sum);
        double h = 0;
        foreach (var l in logits)
        {
            var lp = l - logZ;
            h -= Math.Exp(lp) * lp;
        }
        return h;
    }

    /// <summary>The fixture case text2 and its first response token: the shortest id prefix that decodes to the prompt line.</summary>
    private static (JsonElement Case, int Start) Text2(string model)
    {
        var c = FixtureJson.Load(model).GetProperty("cases").EnumerateArray().Single(x => x.GetProperty("name").GetString() == "text2");
        Assert.Equal(Instruction + "\n" + Response, c.GetProperty("text").GetString());
        var ids = c.GetProperty("ids").Ints();
        var tokenizer = Tokenizer.Load(TestPaths.Fixture(model));
        var start = Enumerable.Range(1, ids.Length).First(k => tokenizer.Decode(ids.AsSpan(0, k), skipSpecialTokens: true).TrimStart() == Instruction + "\n");
        return (c, start);
    }

    private static Winnow.Scoring.IScorer Create(string name, string model, string span) =>
        Winnow.Pipeline.Catalog.Scorers.Create(name, new Parameters(new Dictionary<string, string>
        {
            ["model"] = TestPaths.Fixture(model),
            ["span"] = span,
        }, name));
}

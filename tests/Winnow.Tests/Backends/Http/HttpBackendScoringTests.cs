using Winnow.Backends;
using Winnow.Backends.Http;
using Winnow.Data;
using Winnow.Pipeline;
using Winnow.Scoring;
using Winnow.Tests.Scoring.Neural;
using Winnow.Tests.Serve;

namespace Winnow.Tests.Backends.Http;

/// <summary>
/// The scorers through <c>backend: http</c> against <c>winnow serve</c> on loopback give the in-process scores
/// within 1e-5: ifd (cherry, superfiltering) and perplexity on gpt2-tiny, Deita on llama-tiny (Mistral digits), through
/// the exact continuation path and, with a server whose top-k covers the vocabulary, through the top-k path.
/// </summary>
public class HttpBackendScoringTests(SharedGpt2Server gpt2, SharedLlamaServer llama) : IClassFixture<SharedGpt2Server>, IClassFixture<SharedLlamaServer>
{
    [SharedTheory]
    [InlineData("ifd", "cherry")]
    [InlineData("ifd", "superfiltering")]
    [InlineData("perplexity", null)]
    public async Task TokenScorersThroughTheServerEqualInProcess(string scorer, string? variant)
    {
        var f = await gpt2.Get();
        var rows = IfdFixtureCase.Load("gpt2-tiny", variant ?? "cherry").Take(4).Select(c => c.Sample).ToArray();
        var extra = variant is null ? new Dictionary<string, string>() : new() { ["variant"] = variant };
        AssertSameScores(Score(scorer, "gpt2-tiny", extra, rows), Score(scorer, "gpt2-tiny", Remote(f, extra), rows));
    }

    [SharedTheory]
    [InlineData(20)]
    [InlineData(32000)]
    public async Task DeitaThroughTheServerEqualsInProcess(int topK)
    {
        var f = await llama.Get();
        Sample[] rows =
        [
            TestRows.Alpaca(0, "Explain recursion.", "It calls itself."),
            TestRows.Alpaca(1, "List three primes.", "2, 3 and 5."),
        ];
        var remote = Remote(f, new() { ["top_k"] = topK.ToString(System.Globalization.CultureInfo.InvariantCulture) });
        if (topK == 20)
            AssertSameScores(Score("deita.quality", "llama-tiny", [], rows), Score("deita.quality", "llama-tiny", remote, rows));
        AssertSameScores(Score("deita.complexity", "llama-tiny", [], rows), Score("deita.complexity", "llama-tiny", remote, rows));
    }

    [SharedFact]
    public async Task ProvenanceRecordsTheServerFactsButNoUrlOrKey()
    {
        var f = await gpt2.Get();
        Environment.SetEnvironmentVariable("WINNOW_TEST_KEY", "sk-secret-for-test");
        var scorer = Catalog.Scorers.Create("perplexity", new Parameters(Remote(f, new() { ["api_key_env"] = "WINNOW_TEST_KEY" }), "perplexity"));
        var settings = string.Join("\n", scorer.Settings.Select(kv => kv.Key + "=" + kv.Value));
        Assert.Contains("backend=http", settings);
        Assert.Contains("model=gpt2-tiny", settings);
        Assert.Contains("backend.max_context=256", settings);
        Assert.Contains("backend.prompt_logprobs=0", settings);
        Assert.Contains("matches server /tokenize", settings);
        Assert.DoesNotContain("sk-secret", settings);
        Assert.DoesNotContain("127.0.0.1", settings);
    }

    [SharedFact]
    public async Task AMismatchedTokenizerFailsAtStartUp()
    {
        var f = await gpt2.Get();
        var p = Remote(f, []);
        p["model"] = TestPaths.Fixture("llama-tiny");
        var e = Assert.Throws<ArgumentException>(() => Catalog.Scorers.Create("perplexity", new Parameters(p, "perplexity")));
        Assert.Contains("tokenizer", e.Message);
        Assert.Contains("differ", e.Message);
    }

    [SharedFact]
    public async Task ScorersThatNeedWholeDistributionsAreRefusedAtStartUp()
    {
        var f = await gpt2.Get();
        var e = Assert.Throws<ArgumentException>(() => Catalog.Scorers.Create("uncertainty", new Parameters(Remote(f, []), "uncertainty")));
        Assert.Contains("FullDistribution", e.Message);
    }

    internal static Dictionary<string, string> Remote(ServedFixture f, Dictionary<string, string> extra)
    {
        var p = new Dictionary<string, string>(extra) { ["backend"] = "http", ["server"] = f.Server.Address.ToString() };
        p["model"] = TestPaths.Fixture(f.Model.Name);
        return p;
    }

    private static IReadOnlyList<ScoreResult> Score(string scorer, string fixture, Dictionary<string, string> values, Sample[] rows)
    {
        var p = new Dictionary<string, string>(values);
        p.TryAdd("model", TestPaths.Fixture(fixture));
        return Catalog.Scorers.Create(scorer, new Parameters(p, scorer)).Score(rows, CancellationToken.None);
    }

    private static void AssertSameScores(IReadOnlyList<ScoreResult> local, IReadOnlyList<ScoreResult> remote)
    {
        Assert.Equal(local.Count, remote.Count);
        for (var r = 0; r < local.Count; r++)
        {
            Assert.Equal(local[r].Error, remote[r].Error);
            if (local[r].Values is null)
                continue;
            for (var k = 0; k < local[r].Values!.Length; k++)
                Assert.True(Math.Abs(local[r].Values![k] - remote[r].Values![k]) <= 1e-5, $"row {r} field {k}: in-process {local[r].Values![k]:R}, server {remote[r].Values![k]:R}");
        }
    }
}

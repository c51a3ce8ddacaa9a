using Winnow.Text;
using Winnow.Scoring;
using Winnow.Scoring.Neural;
using Winnow.Tests.Models;
using Winnow.Tokenizers;
using Xunit.Abstractions;

namespace Winnow.Tests.Scoring.Neural;

/// <summary>
/// The ifd scorer against ifd_expected.json of gpt2-tiny and llama-tiny (transformers + the reference scripts' rules):
/// token sequences and boundaries exactly, mean losses and ifd within 1e-4, skipped records as row errors.
/// </summary>
public class IfdScorerTests(ITestOutputHelper output)
{
    private const double Tolerance = 1e-4;

    public static TheoryData<string, string> Cases() => new()
    {
        { "gpt2-tiny", "cherry" },
        { "gpt2-tiny", "superfiltering" },
        { "llama-tiny", "cherry" },
        { "llama-tiny", "superfiltering" },
    };

    [SharedTheory]
    [MemberData(nameof(Cases))]
    public void SeparatePrefixPlansMatchTheReferenceTokenisation(string model, string variant)
    {
        var tokenizer = Tokenizer.Load(TestPaths.Fixture(model));
        foreach (var c in IfdFixtureCase.Load(model, variant))
        {
            var plan = Planner(tokenizer, variant, c.MaxLength, AnswerBoundary.SeparatePrefix).Plan(c.Sample);
            var e = c.Expected;
            if (variant == "cherry" && c.Skipped is not null)
            {
                Assert.NotNull(plan.Skip);
                continue;
            }
            Assert.Null(plan.Skip);
            Assert.Equal(e.GetProperty("direct_ids").Ints(), plan.Direct!.Ids);
            Assert.Equal(e.GetProperty("whole_ids").Ints(), plan.Conditioned!.Ids);
            var start = variant == "cherry" ? e.GetProperty("whole_start_token").GetInt32() : e.GetProperty("start_token").GetInt32();
            Assert.Equal(start, plan.Conditioned.Start);
            if (variant == "cherry")
                Assert.Equal(e.GetProperty("direct_start_token").GetInt32(), plan.Direct.Start);
        }
    }

    [SharedTheory]
    [MemberData(nameof(Cases))]
    public void ScoresMatchTheReference(string model, string variant)
    {
        var cases = IfdFixtureCase.Load(model, variant);
        foreach (var group in cases.GroupBy(c => c.MaxLength))
        {
            var scorer = Create(model, variant, group.Key, "separate-prefix");
            var results = scorer.Score(group.Select(c => c.Sample).ToList(), CancellationToken.None);
            foreach (var (c, result) in group.Zip(results))
                AssertMatches(c, variant, result);
        }
    }

    /// <summary>
    /// Offsets mode (one tokenisation of the whole text) reproduces the reference wherever its boundaries coincide with
    /// the separately tokenised prefix: the token sequences are the same, so equal boundaries mean equal scores (which
    /// <see cref="ScoresMatchTheReference"/> checks). The count of coinciding records goes to the test output.
    /// </summary>
    [SharedTheory]
    [MemberData(nameof(Cases))]
    public void OffsetsBoundaryAgreesWhereTheBoundariesCoincide(string model, string variant)
    {
        var tokenizer = Tokenizer.Load(TestPaths.Fixture(model));
        var cases = IfdFixtureCase.Load(model, variant);
        var coinciding = 0;
        foreach (var c in cases)
        {
            var offsets = Planner(tokenizer, variant, c.MaxLength, AnswerBoundary.Offsets).Plan(c.Sample);
            var separate = Planner(tokenizer, variant, c.MaxLength, AnswerBoundary.SeparatePrefix).Plan(c.Sample);
            Assert.Equal(separate.Skip is null, offsets.Skip is null);
            if (separate.Skip is not null)
            {
                coinciding++;
                continue;
            }
            Assert.Equal(separate.Direct!.Ids, offsets.Direct!.Ids);
            Assert.Equal(separate.Conditioned!.Ids, offsets.Conditioned!.Ids);
            if (separate.Direct.Start == offsets.Direct.Start && separate.Conditioned.Start == offsets.Conditioned.Start)
                coinciding++;
        }
        output.WriteLine($"{model} {variant}: offsets and separate-prefix boundaries coincide on {coinciding} of {cases.Count} records");
        Assert.Equal(cases.Count, coinciding);
    }

    [SharedFact]
    public void CherryPrefixTokensDefaultsToTheDirectPrefixTokenCount()
    {
        Assert.Equal("4", Create("llama-tiny", "cherry", 512, "offsets", prefixTokens: null).Settings["prefix_tokens"]);
        Assert.Equal("3", Create("gpt2-tiny", "cherry", 512, "offsets", prefixTokens: null).Settings["prefix_tokens"]);
        var settings = Create("gpt2-tiny", "superfiltering", 1024, "offsets", prefixTokens: null).Settings;
        Assert.Equal("1", settings["prefix_tokens"]);
        Assert.Equal(16, settings["model_hash"].Length);
    }

    [SharedFact]
    public void EmptyResponseAndOverlongPromptAreRowErrors()
    {
        var scorer = Create("gpt2-tiny", "cherry", 20, "offsets");
        var rows = new[]
        {
            TestRows.Alpaca(0, "Say hi.", ""),
            TestRows.Alpaca(1, "Say hi.", "Hi there, friend."),
        };
        var results = scorer.Score(rows, CancellationToken.None);
        Assert.Contains("empty response", results[0].Error);
        Assert.Contains("the prompt fills max_length", results[1].Error);
    }

    [SharedFact]
    public void UnknownVariantOrForeignTemplateIsRejected()
    {
        var dir = TestPaths.Fixture("gpt2-tiny");
        Assert.Throws<ArgumentException>(() => IfdScorer.Create(Parameters.For<IfdScorer>(new Dictionary<string, string> { ["model"] = dir, ["variant"] = "alpagasus" })));
        Assert.Throws<ArgumentException>(() => IfdScorer.Create(Parameters.For<IfdScorer>(new Dictionary<string, string> { ["model"] = dir, ["template"] = "none" })));
        Assert.Throws<ArgumentException>(() => IfdScorer.Create(Parameters.For<IfdScorer>(new Dictionary<string, string> { ["variant"] = "cherry" })));
    }

    private static void AssertMatches(IfdFixtureCase c, string variant, ScoreResult result)
    {
        var e = c.Expected;
        if (variant == "cherry" && c.Skipped is not null)
        {
            Assert.False(result.IsOk, $"record {c.Sample.Index} must be skipped ({c.Skipped})");
            return;
        }
        Assert.True(result.IsOk, $"record {c.Sample.Index}: {result.Error}");
        var v = result.Values!;
        var (cond, direct) = variant == "cherry" ? ("mean_loss_condition", "mean_loss_direct") : ("loss_condition", "loss_direct");
        var what = $"record {c.Sample.Index} ({variant}, max_length {c.MaxLength})";
        Close.Assert(e.GetProperty(cond).GetDouble(), v[0], Tolerance, what + " conditioned loss");
        Close.Assert(e.GetProperty(direct).GetDouble(), v[1], Tolerance, what + " direct loss");
        Close.Assert(e.GetProperty("ifd").GetDouble(), v[4], Tolerance, what + " ifd");
        Close.Assert(Math.Exp(v[0] - v[1]), v[2] / v[3], 1e-9, what + " perplexity ratio");
    }

    private static IfdPlanner Planner(Tokenizer tokenizer, string variant, int maxLength, AnswerBoundary boundary) => variant == "cherry"
        ? new IfdPlanner(IfdVariant.Cherry, IfdTemplate.Alpaca, new ResponseTokenizer(tokenizer, boundary), maxLength, 4)
        : new IfdPlanner(IfdVariant.Superfiltering, IfdTemplate.None, new ResponseTokenizer(tokenizer, boundary), maxLength, 1);

    /// <summary>The fixtures follow the reference scripts, which hard-code P = 4 for cherry.</summary>
    private static IScorer Create(string model, string variant, int maxLength, string boundary, string? prefixTokens = "4")
    {
        var values = new Dictionary<string, string>
        {
            ["model"] = TestPaths.Fixture(model),
            ["variant"] = variant,
            ["max_length"] = maxLength.ToString(System.Globalization.CultureInfo.InvariantCulture),
            ["boundary"] = boundary,
            ["batch_size"] = "4",
        };
        if (prefixTokens is not null && variant == "cherry")
            values["prefix_tokens"] = prefixTokens;
        return Winnow.Pipeline.Catalog.Scorers.Create("ifd", new Parameters(values, "ifd"));
    }

    private static bool SameBoundaries(Winnow.Scoring.Neural.IfdPlan a, Winnow.Scoring.Neural.IfdPlan b) =>
        a.Skip is null && b.Skip is null && a.Direct!.Start == b.Direct!.Start && a.Conditioned!.Start == b.Conditioned!.Start
        || a.Skip is not null && b.Skip is not null;
}

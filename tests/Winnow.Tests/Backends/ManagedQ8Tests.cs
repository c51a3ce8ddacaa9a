using Winnow.Backends;
using Winnow.Models;
using Winnow.Models.Gguf;
using Winnow.Scoring;
using Winnow.Scoring.Neural;
using Winnow.Tests.Models;
using Xunit.Abstractions;

namespace Winnow.Tests.Backends;

/// <summary>
/// The managed engine's Q8_0 path on the fixtures converted to q8_0 GGUF: the file read as stored equals the folder
/// quantised at load bit for bit; against llama.cpp on the same file and against transformers' float32 expected.json
/// the token log-probabilities stay within the measured bounds below; ifd and perplexity agree with llama.cpp's.
/// </summary>
public class ManagedQ8Tests(GgufFixtures files, ITestOutputHelper output) : IClassFixture<GgufFixtures>
{
    private static readonly ModelOptions Q8 = new() { Weights = WeightFormat.Q8_0, Threads = 2 };

    /// <summary>
    /// Largest |Δ token log-prob| allowed, (vs llama.cpp Q8_0 on the same file, vs transformers float32). Measured
    /// 2026-12-02: vs llama.cpp llama-tiny 9.5e-7, qwen2-tiny 2.5e-4, gpt2-tiny 2.3e-2; vs transformers 0.086, 0.065,
    /// 0.034 (llama.cpp's own: 0.086, 0.065, 0.038). Both engines quantise the same activations the same way, so the
    /// Llama family agrees to float rounding; GPT-2's gap is ggml's F16 GELU table (7.7e-4 at F32), whose small
    /// changes to the MLP's hidden values move some of them across an 8-bit rounding boundary of the next projection.
    /// </summary>
    public static TheoryData<string, double, double> Bounds() => new()
    {
        { "gpt2-tiny", 0.05, 0.1 },
        { "llama-tiny", 1e-3, 0.2 },
        { "qwen2-tiny", 1e-3, 0.2 },
    };

    [SharedTheory]
    [InlineData("gpt2-tiny")]
    [InlineData("llama-tiny")]
    [InlineData("qwen2-tiny")]
    public void TheQ8GgufFileEqualsTheFolderQuantisedAtLoad(string model)
    {
        var rows = Rows(model);
        var fromFile = CausalLM.LoadGguf(files.Path(model, "q8_0"), Q8).TokenLogProbs(rows, Scored(rows));
        var atLoad = CausalLM.Load(TestPaths.Fixture(model), Q8).TokenLogProbs(rows, Scored(rows));
        for (var r = 0; r < rows.Length; r++)
            Assert.Equal(atLoad[r], fromFile[r]);
    }

    [SharedTheory]
    [MemberData(nameof(Bounds))]
    public void TokenLogProbsAgreeWithLlamaCppAndStayNearFloat32(string model, double llamaBound, double float32Bound)
    {
        var rows = Rows(model);
        var path = files.Path(model, "q8_0");
        var managed = CausalLM.LoadGguf(path, Q8).TokenLogProbs(rows, Scored(rows));
        using var llama = LlamaCppBackendTests.Open(path, "exact");
        var reference = llama.TokenLogProbs(rows, Scored(rows));
        var cases = FixtureJson.Load(model).GetProperty("cases").EnumerateArray().ToArray();
        double toLlama = 0, toFloat32 = 0, llamaToFloat32 = 0;
        for (var c = 0; c < rows.Length; c++)
        {
            var expected = cases[c].GetProperty("token_nll").Floats().Select(x => -x).ToArray();
            toLlama = Math.Max(toLlama, Close.MaxAbsDiff(reference[c], managed[c]).Max);
            toFloat32 = Math.Max(toFloat32, Close.MaxAbsDiff(expected, managed[c]).Max);
            llamaToFloat32 = Math.Max(llamaToFloat32, Close.MaxAbsDiff(expected, reference[c]).Max);
        }
        output.WriteLine($"{model} q8_0: managed vs llama.cpp {toLlama:G3} (allowed {llamaBound:G2}); managed vs transformers {toFloat32:G3}, llama.cpp vs transformers {llamaToFloat32:G3} (allowed {float32Bound:G2})");
        Assert.True(toLlama <= llamaBound, $"{model}: managed Q8_0 vs llama.cpp Q8_0 {toLlama:G4} > {llamaBound:G2}");
        Assert.True(toFloat32 <= float32Bound, $"{model}: managed Q8_0 vs float32 {toFloat32:G4} > {float32Bound:G2}");
    }

    [SharedFact]
    public void ReferenceKernelsGiveTheFastQ8Path()
    {
        var rows = Rows("llama-tiny");
        var path = files.Path("llama-tiny", "q8_0");
        var fast = CausalLM.LoadGguf(path, Q8).TokenLogProbs(rows, Scored(rows));
        var slow = CausalLM.LoadGguf(path, Q8 with { UseReferenceKernels = true }).TokenLogProbs(rows, Scored(rows));
        for (var r = 0; r < rows.Length; r++)
            Close.Assert(slow[r], fast[r], 1e-4, $"row {r}");
    }

    /// <summary>IFD and perplexity through the managed Q8_0 path and llama.cpp on the same q8_0 file.</summary>
    [SharedTheory]
    [InlineData("ifd", 2e-3)]
    [InlineData("perplexity", 2e-3)]
    public void ScoresAgreeWithLlamaCppOnTheSameFile(string scorer, double tolerance)
    {
        var rows = new[]
        {
            TestRows.Alpaca(0, "Explain recursion.", "A function that calls itself until a base case stops it."),
            TestRows.Alpaca(1, "Name three colours.", "Red, green and blue.", "Use British spelling."),
            TestRows.Alpaca(2, "Translate 'cat' to French.", "chat"),
        };
        Dictionary<string, string> Values(string backend) => new()
        {
            ["model"] = files.Path("llama-tiny", "q8_0"),
            ["backend"] = backend,
            ["tokenizer"] = TestPaths.Fixture("llama-tiny"),
            ["max_length"] = "128",
        };
        var managedValues = Values("managed");
        var llamaValues = Values("llama.cpp");
        llamaValues["precision"] = "exact";
        if (scorer == "perplexity")
        {
            managedValues.Remove("max_length");
            llamaValues.Remove("max_length");
        }
        var managed = Create(scorer, managedValues).Score(rows, CancellationToken.None);
        var llama = Create(scorer, llamaValues).Score(rows, CancellationToken.None);
        var worst = 0.0;
        for (var r = 0; r < rows.Length; r++)
        {
            Assert.True(managed[r].IsOk && llama[r].IsOk, $"row {r}: {managed[r].Error} {llama[r].Error}");
            for (var f = 0; f < managed[r].Values!.Length; f++)
            {
                // Losses and IFD ratios absolute, perplexities (e^loss) relative.
                var scale = Math.Max(1, Math.Abs(llama[r].Values![f]));
                worst = Math.Max(worst, Math.Abs(managed[r].Values![f] - llama[r].Values![f]) / scale);
                Close.Assert(llama[r].Values![f], managed[r].Values![f], tolerance * scale, $"{scorer} row {r} field {f}");
            }
        }
        output.WriteLine($"{scorer}: largest managed Q8_0 vs llama.cpp Q8_0 difference {worst:G3} (relative where above 1)");
    }

    [SharedFact]
    public void TheManagedBackendRecordsItsQ8Weights()
    {
        using var backend = ModelBackends.Open(BackendOptions.Parse("test", Parameters.For<IfdScorer>(new Dictionary<string, string>
        {
            ["model"] = files.Path("llama-tiny", "q8_0"),
            ["backend"] = "managed",
            ["tokenizer"] = TestPaths.Fixture("llama-tiny"),
        })));
        var p = backend.Provenance;
        Assert.Equal("managed", p.Backend);
        Assert.Equal("q8_0 (from a q8_0 GGUF file)", p.Quantisation);
        Assert.Equal("q8_0", p.Options["weights"]);
        Assert.Contains("q8_0", p.Options["q8_kernel"]);
    }

    [SharedFact]
    public void RefusalsNameTheProblem()
    {
        var q4 = files.Path("llama-tiny", "q4_0");
        var e = Assert.Throws<ModelFormatException>(() => CausalLM.LoadGguf(q4, Q8));
        Assert.Contains("is q4_0; the managed engine reads f32, f16 and q8_0 tensors", e.Message);
        var noTokenizer = Assert.Throws<ArgumentException>(() => ModelBackends.Open(BackendOptions.Parse("test", Parameters.For<IfdScorer>(
            new Dictionary<string, string> { ["model"] = files.Path("llama-tiny", "q8_0"), ["backend"] = "managed" }))));
        Assert.Contains("none is beside", noTokenizer.Message);
        var llamaWeights = Assert.Throws<ArgumentException>(() => ModelBackends.Open(BackendOptions.Parse("test", Parameters.For<IfdScorer>(
            new Dictionary<string, string> { ["model"] = files.Path("llama-tiny", "q8_0"), ["backend"] = "llama.cpp", ["weights"] = "q8_0" }))));
        Assert.Contains("'weights' sets how the managed engine holds a model", llamaWeights.Message);
    }

    private static int[][] Rows(string model) =>
        FixtureJson.Load(model).GetProperty("cases").EnumerateArray().Select(c => c.GetProperty("ids").Ints()).ToArray();

    private static (int, int)[] Scored(int[][] rows) => rows.Select(r => (1, r.Length)).ToArray();

    private static IScorer Create(string name, Dictionary<string, string> values) =>
        Winnow.Pipeline.Catalog.Scorers.Create(name, new Parameters(values, name));
}

using Winnow.Backends;
using Winnow.Models.Gguf;
using Winnow.Scoring.Neural;
using Winnow.Tokenizers;

namespace Winnow.Tests.Backends;

/// <summary>
/// <c>backend: auto</c>'s choice with injected speeds and memory (nothing is timed): what the model is decides when one
/// way can read it; memory rules float32 out (a lone folder is then quantised to Q8_0 at load); otherwise every way is
/// timed, the fastest wins unless a smaller one is within 10 % of it, the others are closed, and the reason names every
/// figure.
/// </summary>
public sealed class AutoBackendTests : IDisposable
{
    private const long Plenty = 64L << 30;
    private readonly string _folder = Directory.CreateTempSubdirectory("winnow-auto-").FullName;
    private readonly List<FakeBackend> _opened = [];

    public AutoBackendTests()
    {
        foreach (var name in new[] { "config.json", "model.safetensors", "tokenizer.json" })
            File.Copy(Path.Combine(TestPaths.Fixture("llama-tiny"), name), Path.Combine(_folder, name));
    }

    /// <summary>
    /// A Hugging Face folder with a q8_0 GGUF file offers three ways: managed float32, managed Q8_0 (the file as stored)
    /// and llama.cpp. All are timed; the fastest wins unless one holding less memory is within 10 % of it.
    /// </summary>
    [SharedTheory]
    [InlineData(700.0, 900.0, 600.0, "managed (q8_0 from the GGUF file)", "measured fastest")]
    [InlineData(700.0, 650.0, 600.0, "managed (q8_0 from the GGUF file)", "holds the least memory within 10 % of the fastest")]
    [InlineData(900.0, 650.0, 600.0, "managed (float32 from safetensors)", "measured fastest")]
    [InlineData(300.0, 400.0, 650.0, "llama.cpp (q8_0)", "measured fastest")]
    public void EveryWayIsTimedAndTheChoiceWeighsSpeedAndMemory(double floatSpeed, double q8Speed, double llamaSpeed, string expected, string verdict)
    {
        var gguf = Gguf("model.q8_0.gguf");
        foreach (var model in new[] { _folder, gguf })
        {
            _opened.Clear();
            var speeds = new Dictionary<string, double>
            {
                ["managed (float32 from safetensors)"] = floatSpeed,
                ["managed (q8_0 from the GGUF file)"] = q8Speed,
                ["llama.cpp (q8_0)"] = llamaSpeed,
            };
            using var backend = Choose(model, c => speeds[c.Describe()], Plenty);
            var reason = backend.Provenance.Reason;
            Assert.Contains($"both engines can run it and {expected} {verdict}", reason);
            foreach (var (way, speed) in speeds)
                Assert.Contains($"{way} {speed:F0} tokens/s at ", reason);
            // Each way was opened for its calibration; exactly one backend is left open, the chosen one.
            Assert.Equal(expected, Assert.Single(_opened, b => !b.Disposed).Candidate.Describe());
            Assert.Equal(3, _opened.Select(b => b.Candidate.Describe()).Distinct().Count());
        }
    }

    [SharedFact]
    public void ALoneFolderTooLargeForFloat32IsQuantisedAtLoadWithoutTiming()
    {
        var weights = new FileInfo(Path.Combine(_folder, "model.safetensors")).Length;
        using var backend = Choose(_folder, _ => throw new InvalidOperationException("nothing may be timed"), weights);
        var opened = Assert.Single(_opened).Candidate;
        Assert.Equal(BackendKind.Managed, opened.Kind);
        Assert.Equal(Winnow.Models.WeightFormat.Q8_0, opened.Format);
        Assert.Contains("the managed engine would hold", backend.Provenance.Reason);
        Assert.Contains("so managed (q8_0 quantised at load) runs it", backend.Provenance.Reason);
    }

    /// <summary>Float32 weights at half the memory fit once, but the engine also keeps their packed copy: 2 × 50 % is over 80 %.</summary>
    [SharedFact]
    public void TheFloat32WeightsPackedCopyCountsAgainstTheMemory()
    {
        var weights = new FileInfo(Path.Combine(_folder, "model.safetensors")).Length;
        using var backend = Choose(_folder, _ => throw new InvalidOperationException("nothing may be timed"), 2 * weights);
        Assert.Equal(Winnow.Models.WeightFormat.Q8_0, Assert.Single(_opened).Candidate.Format);
        Assert.Contains("of float32 weights and their packed copy, more than 80 %", backend.Provenance.Reason);
    }

    [SharedFact]
    public void AskedWeightsChooseTheManagedEngineInThatFormat()
    {
        var gguf = Gguf("model.q8_0.gguf");
        static double NoTiming(EngineCandidate _) => throw new InvalidOperationException("nothing may be timed");
        using (var q8 = Choose(_folder, NoTiming, Plenty, "q8_0"))
            Assert.Equal("auto: a Hugging Face folder with one GGUF file (model.q8_0.gguf); only managed (q8_0 from the GGUF file) reads it", q8.Provenance.Reason);
        Assert.Equal(gguf, _opened[^1].Candidate.Model);
        using (var f32 = Choose(gguf, NoTiming, Plenty, "f32"))
            Assert.Contains("only managed (float32 from safetensors) reads it", f32.Provenance.Reason);
        Assert.Equal(_folder, _opened[^1].Candidate.Model);
    }

    [SharedFact]
    public void TooLittleMemoryForFloat32WeightsPicksLlamaCppWithoutTiming()
    {
        Gguf("model.q4_0.gguf");
        var weights = new FileInfo(Path.Combine(_folder, "model.safetensors")).Length;
        using var backend = Choose(_folder, _ => throw new InvalidOperationException("nothing may be timed"), weights);
        Assert.Equal("llama.cpp", backend.Provenance.Backend);
        Assert.Contains("the managed engine would hold", backend.Provenance.Reason);
        Assert.Contains("so llama.cpp runs the q4_0 file", backend.Provenance.Reason);
        Assert.Single(_opened);
    }

    [SharedFact]
    public void OneReaderIsChosenForWhatTheModelIs()
    {
        static double NoTiming(EngineCandidate _) => throw new InvalidOperationException("nothing may be timed");
        using (var managed = Choose(_folder, NoTiming, Plenty))
            Assert.Equal("auto: a Hugging Face folder; only managed reads it", managed.Provenance.Reason);

        var alone = Directory.CreateTempSubdirectory("winnow-auto-gguf-").FullName;
        try
        {
            var file = Path.Combine(alone, "m.gguf");
            GgufConverter.Convert(TestPaths.Fixture("llama-tiny"), file, GgmlType.Q8_0);
            using (var llama = Choose(file, NoTiming, Plenty))
                Assert.Equal("auto: a q8_0 GGUF file; only llama.cpp reads it", llama.Provenance.Reason);
        }
        finally
        {
            Directory.Delete(alone, recursive: true);
        }

        Gguf("a.gguf");
        Gguf("b.gguf");
        using var two = Choose(_folder, NoTiming, Plenty);
        Assert.Equal("managed", two.Provenance.Backend);
        Assert.Contains("2 GGUF files (name one as model", two.Provenance.Reason);
    }

    private string Gguf(string name)
    {
        var path = Path.Combine(_folder, name);
        GgufConverter.Convert(_folder, path, name.Contains("q4_0") ? GgmlType.Q4_0 : GgmlType.Q8_0);
        return path;
    }

    private IModelBackend Choose(string model, Func<EngineCandidate, double> speed, long available, string? weights = null)
    {
        var values = new Dictionary<string, string> { ["model"] = model };
        if (weights is not null)
            values["weights"] = weights;
        var options = BackendOptions.Parse("test", Parameters.For<IfdScorer>(values));
        return AutoBackend.Open(options, (candidate, reason) =>
        {
            var backend = new FakeBackend(candidate, reason);
            _opened.Add(backend);
            return backend;
        }, backend => speed(((FakeBackend)backend).Candidate), available);
    }

    public void Dispose() => Directory.Delete(_folder, recursive: true);

    /// <summary>Stands for an opened engine: provenance from the candidate and reason, and whether it was closed.</summary>
    private sealed class FakeBackend(EngineCandidate candidate, string reason) : IModelBackend
    {
        public EngineCandidate Candidate => candidate;

        public bool Disposed { get; private set; }

        public BackendCapabilities Capabilities => BackendCapabilities.None;

        public BackendProvenance Provenance { get; } = new(candidate.Kind.Name(), candidate.Model, "hash", candidate.Weights, "build", "tokenizer", reason,
            new Dictionary<string, string>());

        public ITextTokenizer Tokenizer => throw new NotSupportedException();

        public int MaxContext => 512;

        public int VocabSize => 32000;

        public int HiddenSize => 64;

        public float[][] TokenLogProbs(IReadOnlyList<int[]> rows, IReadOnlyList<(int From, int To)> scored) => throw new NotSupportedException();

        public double[][] ChosenLogProbs(IReadOnlyList<int[]> rows, IReadOnlyList<int[]> positions, IReadOnlyList<int> chosenIds) => throw new NotSupportedException();

        public TopToken[][][] TopLogProbs(IReadOnlyList<int[]> rows, IReadOnlyList<int[]> positions, int k) => throw new NotSupportedException();

        public float[][] LogSoftmax(IReadOnlyList<int[]> rows, IReadOnlyList<int[]> positions) => throw new NotSupportedException();

        public float[][] LastHiddenStates(IReadOnlyList<int[]> rows) => throw new NotSupportedException();

        public void Dispose() => Disposed = true;
    }
}

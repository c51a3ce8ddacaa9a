using Winnow.Backends;
using Winnow.Models.Gguf;
using Winnow.Scoring.Neural;
using Winnow.Tokenizers;

namespace Winnow.Tests.Backends;

/// <summary>
/// <c>backend: auto</c>'s choice with injected speeds and memory (nothing is timed): what the model is decides when one
/// engine can read it; memory rules the managed engine out; otherwise the faster measured engine wins, the loser is
/// closed, and the reason names both figures.
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

    [SharedTheory]
    [InlineData(700.0, 600.0, "managed")]
    [InlineData(300.0, 650.0, "llama.cpp")]
    public void BothEnginesAreTimedAndTheFasterRuns(double managedSpeed, double llamaSpeed, string expected)
    {
        var gguf = Gguf("model.q8_0.gguf");
        foreach (var model in new[] { _folder, gguf })
        {
            _opened.Clear();
            using var backend = Choose(model, c => c.Kind == BackendKind.Managed ? managedSpeed : llamaSpeed, Plenty);
            Assert.Equal(expected, backend.Provenance.Backend);
            var reason = backend.Provenance.Reason;
            Assert.Contains($"both engines can run it and {expected} measured faster", reason);
            Assert.Contains($"managed (float32 from safetensors) {managedSpeed:F0} tokens/s", reason);
            Assert.Contains($"llama.cpp (q8_0) {llamaSpeed:F0} tokens/s", reason);
            // Each candidate was opened for its calibration; exactly one backend is left open, the chosen one.
            Assert.Single(_opened, b => !b.Disposed);
            Assert.Contains(_opened, b => b.Candidate.Kind == BackendKind.Managed);
            Assert.Contains(_opened, b => b.Candidate.Kind == BackendKind.LlamaCpp);
        }
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

    private IModelBackend Choose(string model, Func<EngineCandidate, double> speed, long available)
    {
        var options = BackendOptions.Parse("test", Parameters.For<IfdScorer>(new Dictionary<string, string> { ["model"] = model }));
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

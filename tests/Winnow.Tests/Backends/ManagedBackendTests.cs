using Winnow.Backends;
using Winnow.Scoring.Neural;
using Winnow.Backends.Managed;

namespace Winnow.Tests.Backends;

/// <summary>The managed engine behind the backend contract: fixture parity of every capability, provenance, and the choice of engine.</summary>
public class ManagedBackendTests
{
    [SharedTheory]
    [InlineData("gpt2-tiny")]
    [InlineData("llama-tiny")]
    public void EveryLogProbCapabilityMatchesTransformers(string model)
    {
        using var backend = Open(model, "auto");
        BackendFixtureChecks.AgainstFixture(backend, model, 1e-4);
    }

    [SharedFact]
    public void AutoChoosesTheManagedEngineForAFolderAndSaysWhy()
    {
        var announced = new List<string>();
        void Listen(string line) => announced.Add(line);
        ModelBackends.Announce += Listen;
        try
        {
            using var backend = Open("gpt2-tiny", "auto");
            var p = backend.Provenance;
            Assert.Equal("managed", p.Backend);
            Assert.StartsWith("auto: a Hugging Face folder", p.Reason);
            Assert.Equal(16, p.ModelHash.Length);
            Assert.EndsWith("tokenizer.json", p.Tokenizer);
            Assert.Equal(BackendCapabilities.None, BackendRequirements.Missing(backend, (BackendCapabilities)63));
            Assert.Contains(announced, l => l.Contains("managed runs") && l.Contains("gpt2-tiny"));
        }
        finally
        {
            ModelBackends.Announce -= Listen;
        }
    }

    [SharedFact]
    public void LlamaCppOnAFolderNamesTheConvertCommand()
    {
        var e = Assert.Throws<ArgumentException>(() => Open("gpt2-tiny", "llama.cpp"));
        Assert.Contains("winnow convert gguf", e.Message);
    }

    [Fact]
    public void UnknownBackendAndPrecisionAreUsageErrors()
    {
        var e = Assert.Throws<ArgumentException>(() => BackendOptions.Parse("ifd", Parameters.For<IfdScorer>(new Dictionary<string, string> { ["model"] = "m", ["backend"] = "vllm" })));
        Assert.Contains("expected auto, managed, llama.cpp or http", e.Message);
        e = Assert.Throws<ArgumentException>(() => BackendOptions.Parse("ifd", Parameters.For<IfdScorer>(new Dictionary<string, string> { ["model"] = "m", ["precision"] = "half" })));
        Assert.Contains("'precision' is 'half'", e.Message);
        e = Assert.Throws<ArgumentException>(() => BackendOptions.Parse("ifd", Parameters.For<IfdScorer>()));
        Assert.Contains("'model' is required", e.Message);
    }

    internal static IModelBackend Open(string model, string backend) =>
        ModelBackends.Open(BackendOptions.Parse("test", Parameters.For<IfdScorer>(new Dictionary<string, string>
        {
            ["model"] = TestPaths.Fixture(model),
            ["backend"] = backend,
        })));
}

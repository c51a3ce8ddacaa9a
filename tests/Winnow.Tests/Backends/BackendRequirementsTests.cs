using Winnow.Backends;
using Winnow.Tokenizers;

namespace Winnow.Tests.Backends;

/// <summary>The start-up capability check names every missing capability, the backend and the model.</summary>
public class BackendRequirementsTests
{
    [Fact]
    public void MissingCapabilitiesAreNamed()
    {
        using var backend = new PromptLogProbsOnly();
        Assert.Equal(BackendCapabilities.ChosenLogProbs | BackendCapabilities.HiddenStates,
            BackendRequirements.Missing(backend, BackendCapabilities.TokenLogProbs | BackendCapabilities.ChosenLogProbs | BackendCapabilities.HiddenStates));
        var e = Assert.Throws<ArgumentException>(() =>
            BackendRequirements.Require("deita.quality", backend, BackendCapabilities.ChosenLogProbs | BackendCapabilities.HiddenStates, "for the digits"));
        Assert.Equal("deita.quality: backend 'server' for model 'm' lacks ChosenLogProbs, HiddenStates, needed for the digits", e.Message);
        BackendRequirements.Require("ifd", backend, BackendCapabilities.TokenLogProbs, "for losses");
    }

    /// <summary>A backend that declares prompt log-probabilities only (as a plain completion server does); nothing is computed.</summary>
    private sealed class PromptLogProbsOnly : IModelBackend
    {
        public BackendCapabilities Capabilities => BackendCapabilities.TokenLogProbs;

        public BackendProvenance Provenance { get; } = new("server", "m", "h", "q", "b", "t", "r", new Dictionary<string, string>());

        public ITextTokenizer Tokenizer => throw new NotSupportedException();

        public int MaxContext => 8;

        public int VocabSize => 4;

        public int HiddenSize => 0;

        public float[][] TokenLogProbs(IReadOnlyList<int[]> rows, IReadOnlyList<(int From, int To)> scored) => throw new NotSupportedException();

        public double[][] ChosenLogProbs(IReadOnlyList<int[]> rows, IReadOnlyList<int[]> positions, IReadOnlyList<int> chosenIds) => throw new NotSupportedException();

        public TopToken[][][] TopLogProbs(IReadOnlyList<int[]> rows, IReadOnlyList<int[]> positions, int k) => throw new NotSupportedException();

        public float[][] LogSoftmax(IReadOnlyList<int[]> rows, IReadOnlyList<int[]> positions) => throw new NotSupportedException();

        public float[][] LastHiddenStates(IReadOnlyList<int[]> rows) => throw new NotSupportedException();

        public void Dispose()
        {
        }
    }
}

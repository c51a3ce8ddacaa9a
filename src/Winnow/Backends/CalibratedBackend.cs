using Winnow.Tokenizers;

namespace Winnow.Backends;

/// <summary>The backend <c>auto</c> chose after measuring, with the measured reason in its provenance.</summary>
internal sealed class CalibratedBackend(IModelBackend inner, string reason) : IModelBackend
{
    public IModelBackend Inner => inner;

    public BackendCapabilities Capabilities => inner.Capabilities;

    public BackendProvenance Provenance { get; } = inner.Provenance with { Reason = reason };

    public ITextTokenizer Tokenizer => inner.Tokenizer;

    public int MaxContext => inner.MaxContext;

    public int VocabSize => inner.VocabSize;

    public int HiddenSize => inner.HiddenSize;

    public float[][] TokenLogProbs(IReadOnlyList<int[]> rows, IReadOnlyList<(int From, int To)> scored) => inner.TokenLogProbs(rows, scored);

    public double[][] ChosenLogProbs(IReadOnlyList<int[]> rows, IReadOnlyList<int[]> positions, IReadOnlyList<int> chosenIds) =>
        inner.ChosenLogProbs(rows, positions, chosenIds);

    public TopToken[][][] TopLogProbs(IReadOnlyList<int[]> rows, IReadOnlyList<int[]> positions, int k) => inner.TopLogProbs(rows, positions, k);

    public float[][] LogSoftmax(IReadOnlyList<int[]> rows, IReadOnlyList<int[]> positions) => inner.LogSoftmax(rows, positions);

    public float[][] LastHiddenStates(IReadOnlyList<int[]> rows) => inner.LastHiddenStates(rows);

    public void Dispose() => inner.Dispose();
}

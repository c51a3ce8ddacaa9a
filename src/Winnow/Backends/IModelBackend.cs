using Winnow.Tokenizers;

namespace Winnow.Backends;

/// <summary>
/// A language model as scorers and embedders see it, whichever engine runs it (the managed engine, llama.cpp in
/// process, an inference server). Inputs are rows of token ids of any lengths, produced by <see cref="Tokenizer"/>; no
/// padding. Every result is per row and equals the row's result when run alone, within the engine's float tolerance.
/// Position p of a row means "after reading ids[0..p]": the distribution there predicts ids[p + 1].
///
/// A method whose <see cref="BackendCapabilities"/> flag is absent throws <see cref="NotSupportedException"/>; callers
/// check <see cref="Capabilities"/> up front through <see cref="BackendRequirements"/>. Rows longer than
/// <see cref="MaxContext"/> are the caller's to refuse (as a row error). Non-finite numbers are returned as they are
/// (a broken model gives NaN); scorers turn them into row errors. Calls on one instance may be serialised internally.
/// </summary>
public interface IModelBackend : IDisposable
{
    /// <summary>What this backend can compute.</summary>
    BackendCapabilities Capabilities { get; }

    /// <summary>Engine, model, weights hash, quantisation, build, tokenizer source and the reason it was chosen.</summary>
    BackendProvenance Provenance { get; }

    /// <summary>The tokenizer whose ids this backend expects.</summary>
    ITextTokenizer Tokenizer { get; }

    /// <summary>Longest row (in tokens) the backend scores.</summary>
    int MaxContext { get; }

    int VocabSize { get; }

    /// <summary>Width of the hidden states (0 when <see cref="BackendCapabilities.HiddenStates"/> is absent).</summary>
    int HiddenSize { get; }

    /// <summary>
    /// <see cref="BackendCapabilities.TokenLogProbs"/>. For row r and every i in [From, To) of
    /// <paramref name="scored"/>[r]: log p(ids[i] | ids[0..i)) in nats (so From ≥ 1, To ≤ the row's length).
    /// Result r has To − From entries.
    /// </summary>
    float[][] TokenLogProbs(IReadOnlyList<int[]> rows, IReadOnlyList<(int From, int To)> scored);

    /// <summary>
    /// <see cref="BackendCapabilities.ChosenLogProbs"/>. Row r: for each position of <paramref name="positions"/>[r], the
    /// next-token log-probabilities (over the whole vocabulary) of every id in <paramref name="chosenIds"/>, row-major
    /// [positions × chosen]. Doubles, so that differences between chosen entries are those of the raw logits.
    /// </summary>
    double[][] ChosenLogProbs(IReadOnlyList<int[]> rows, IReadOnlyList<int[]> positions, IReadOnlyList<int> chosenIds);

    /// <summary>
    /// <see cref="BackendCapabilities.TopLogProbs"/>. Row r, position j of <paramref name="positions"/>[r]: the
    /// <paramref name="k"/> most likely next tokens, most likely first (ties by lower id).
    /// </summary>
    TopToken[][][] TopLogProbs(IReadOnlyList<int[]> rows, IReadOnlyList<int[]> positions, int k);

    /// <summary>
    /// <see cref="BackendCapabilities.FullDistribution"/>. Row r: the log-softmax over the vocabulary at each of
    /// <paramref name="positions"/>[r], row-major [positions × VocabSize].
    /// </summary>
    float[][] LogSoftmax(IReadOnlyList<int[]> rows, IReadOnlyList<int[]> positions);

    /// <summary><see cref="BackendCapabilities.HiddenStates"/>. Row r: final-norm hidden states [T × HiddenSize].</summary>
    float[][] LastHiddenStates(IReadOnlyList<int[]> rows);
}

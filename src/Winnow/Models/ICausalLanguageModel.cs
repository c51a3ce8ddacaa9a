namespace Winnow.Models;

/// <summary>
/// A causal language model run in-process. Inputs are rows of token ids of any lengths (the model packs them; no
/// padding or attention mask is needed — <see cref="Batching"/> turns padded input into rows and plans
/// length-sorted batches). Results are per row and equal the row's result when run alone, within float tolerance.
/// Position ids are 0..T−1 in every row. The vocabulary projection is computed only at the positions asked for.
/// Calls on one instance are serialised (it owns one activation workspace); use one instance per thread for more.
/// </summary>
public interface ICausalLanguageModel
{
    /// <summary>config.json's model_type (gpt2, llama, mistral, qwen2).</summary>
    string ModelType { get; }

    int VocabSize { get; }

    int MaxPositions { get; }

    int HiddenSize { get; }

    int LayerCount { get; }

    /// <summary>
    /// For row r and every i in [From, To) of <paramref name="scoredPositions"/>[r]: log p(ids[i] | ids[0..i)), read
    /// from the logits at position i − 1 (so From ≥ 1; To ≤ the row's length). Result r has To − From entries (nats).
    /// </summary>
    float[][] TokenLogProbs(IReadOnlyList<int[]> batchIds, IReadOnlyList<(int From, int To)> scoredPositions);

    /// <summary>Row r: logits at <paramref name="positions"/>[r], row-major [positions.Length × VocabSize].</summary>
    float[][] Logits(IReadOnlyList<int[]> batchIds, IReadOnlyList<int[]> positions);

    /// <summary>Like <see cref="Logits"/> but log-softmax normalised (log-probabilities of every vocabulary entry).</summary>
    float[][] LogSoftmax(IReadOnlyList<int[]> batchIds, IReadOnlyList<int[]> positions);

    /// <summary>Row r: the final hidden states (after the final norm) [T × HiddenSize].</summary>
    float[][] LastHiddenStates(IReadOnlyList<int[]> batchIds);

    /// <summary>
    /// Row r: LayerCount + 1 arrays [T × HiddenSize] as transformers' <c>output_hidden_states</c> returns them: the
    /// embedding output, each block's output, the last one after the final norm.
    /// </summary>
    float[][][] AllHiddenStates(IReadOnlyList<int[]> batchIds);
}

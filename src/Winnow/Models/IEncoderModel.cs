namespace Winnow.Models;

/// <summary>
/// A BERT-style encoder run in-process. Inputs are rows of token ids including the special tokens the tokenizer
/// adds ([CLS] … [SEP], &lt;s&gt; … &lt;/s&gt;); rows of any lengths are packed, so there is no padding and every
/// token is attended (attention mask all ones over the row, token_type_ids all zero). Results are per row and
/// equal the row's result when run alone within float tolerance. Calls on one instance are serialised.
/// </summary>
public interface IEncoderModel
{
    /// <summary>config.json's model_type (bert, roberta, xlm-roberta, camembert).</summary>
    string ModelType { get; }

    int HiddenSize { get; }

    int LayerCount { get; }

    /// <summary>Longest row the position table allows (RoBERTa-style models lose pad_token_id + 1 positions).</summary>
    int MaxTokens { get; }

    /// <summary>Whether the checkpoint has a pooler (tanh(dense(h[0]))).</summary>
    bool HasPooler { get; }

    /// <summary>Row r: the last layer's hidden states [T × HiddenSize].</summary>
    float[][] LastHiddenStates(IReadOnlyList<int[]> batchIds);

    /// <summary>Row r: LayerCount + 1 arrays [T × HiddenSize]: the embedding output, then each layer's output.</summary>
    float[][][] AllHiddenStates(IReadOnlyList<int[]> batchIds);

    /// <summary>Row r: mean of the last hidden states over the row's tokens, optionally L2-normalised (sentence-transformers).</summary>
    float[][] MeanPooled(IReadOnlyList<int[]> batchIds, bool normalize = false);

    /// <summary>Row r: the first token's ([CLS] / &lt;s&gt;) last hidden state.</summary>
    float[][] ClsStates(IReadOnlyList<int[]> batchIds);

    /// <summary>Row r: the pooler output tanh(dense(h[0])); throws when <see cref="HasPooler"/> is false.</summary>
    float[][] Pooled(IReadOnlyList<int[]> batchIds);
}

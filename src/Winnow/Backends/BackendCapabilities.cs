namespace Winnow.Backends;

/// <summary>
/// What a model backend can compute. Scorers and embedders declare the flags they need; <see cref="BackendRequirements"/>
/// checks them when the component is built, before any row, and names what is missing. A server that returns only
/// prompt log-probabilities and top-k lists declares <see cref="TokenLogProbs"/> | <see cref="TopLogProbs"/> and no more.
/// </summary>
[Flags]
public enum BackendCapabilities
{
    None = 0,

    /// <summary>log p(ids[i] | ids[0..i)) of the row's own tokens over a range of positions (vLLM's prompt_logprobs).</summary>
    TokenLogProbs = 1 << 0,

    /// <summary>The k most likely next tokens and their log-probabilities at given positions.</summary>
    TopLogProbs = 1 << 1,

    /// <summary>Next-token log-probabilities of caller-chosen ids at given positions (Deita's six digits).</summary>
    ChosenLogProbs = 1 << 2,

    /// <summary>The whole next-token log-softmax (every vocabulary entry) at given positions (entropy, margins).</summary>
    FullDistribution = 1 << 3,

    /// <summary>The final hidden states (after the final norm) at every position, from which embeddings are pooled.</summary>
    HiddenStates = 1 << 4,

    /// <summary>The tokenizer reports each token's character span in the text (needed to find where a response starts).</summary>
    TokenOffsets = 1 << 5,
}

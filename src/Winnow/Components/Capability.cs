namespace Winnow.Components;

/// <summary>What a component asks of a model backend; the run plan checks that the loaded model can do it.</summary>
[Flags]
public enum Capability
{
    None = 0,

    /// <summary>Log-probabilities of given tokens (a causal LM with its head).</summary>
    TokenLogProbs = 1,

    /// <summary>Next-token log-probabilities over the vocabulary (top-k or chosen ids).</summary>
    NextTokenLogProbs = 2,

    /// <summary>Final hidden states of every position.</summary>
    HiddenStates = 4,

    /// <summary>A sequence-classification or regression head.</summary>
    ClassifierHead = 8,
}

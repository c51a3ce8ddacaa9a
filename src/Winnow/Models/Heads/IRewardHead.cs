namespace Winnow.Models.Heads;

/// <summary>A model that maps one token sequence to a vector of raw head outputs (reward / class logits).</summary>
public interface IRewardHead
{
    int Labels { get; }

    /// <summary>Longest row the model accepts.</summary>
    int MaxTokens { get; }

    float[][] Logits(IReadOnlyList<int[]> rows);
}

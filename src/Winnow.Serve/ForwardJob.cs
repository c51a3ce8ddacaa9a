namespace Winnow.Serve;

/// <summary>What a queued sequence needs from the forward pass.</summary>
internal enum ForwardKind
{
    /// <summary>log p(ids[i] | ids[..i]) for i = 1..T−1 (no vocabulary rows kept).</summary>
    TokenLogProbs,

    /// <summary>Top-k and one chosen id's log-prob and rank at chosen positions (full distributions, in slices).</summary>
    Distributions,

    /// <summary>Final hidden states [T × hidden].</summary>
    HiddenStates,
}

/// <summary>The log-probabilities read at one position: the k most likely ids and the chosen id's value and rank.</summary>
internal sealed record PositionLogProbs(int[] TopIds, float[] TopLogProbs, int ChosenId, float ChosenLogProb, int ChosenRank);

/// <summary>One sequence waiting in the <see cref="ForwardQueue"/>; completed by the queue's worker.</summary>
internal sealed class ForwardJob
{
    public ForwardJob(ForwardKind kind, int[] ids, int[] positions, int[] chosen, int topK)
    {
        Kind = kind;
        Ids = ids;
        Positions = positions;
        Chosen = chosen;
        TopK = topK;
        Distributions = new PositionLogProbs[positions.Length];
    }

    public ForwardKind Kind { get; }

    public int[] Ids { get; }

    /// <summary>Distributions only: the positions to read.</summary>
    public int[] Positions { get; }

    /// <summary>Distributions only: per position, the id whose log-prob and rank are wanted (−1: none).</summary>
    public int[] Chosen { get; }

    public int TopK { get; }

    public PositionLogProbs[] Distributions { get; }

    public float[] TokenLogProbs { get; set; } = [];

    public float[] HiddenStates { get; set; } = [];

    public TaskCompletionSource Done { get; } = new(TaskCreationOptions.RunContinuationsAsynchronously);
}

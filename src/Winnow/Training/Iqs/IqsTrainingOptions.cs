namespace Winnow.Training.Iqs;

/// <summary>
/// How <see cref="IqsTrainer"/> trains. Defaults follow CaR's instruction_score.yaml where they apply to this
/// trainer (METHODS §3.2): sparsemax layer mix, average pooling, estimator [2048, 1024] Tanh, encoder learning rate
/// 1e-6, head 1.5e-5, embeddings frozen, gradient clip 1.0, 4 epochs, early stopping with patience 2, max 510 tokens.
/// Not reproduced: fp16, dropout, layer-wise learning-rate decay and the encoder frozen for the first 0.3 epoch.
/// </summary>
public sealed record IqsTrainingOptions
{
    public int Epochs { get; init; } = 4;

    /// <summary>Rows per optimiser step (CaR: batch 8 × accumulation 2).</summary>
    public int BatchRows { get; init; } = 16;

    public double EncoderLearningRate { get; init; } = 1e-6;

    public double HeadLearningRate { get; init; } = 1.5e-5;

    public double MaxGradientNorm { get; init; } = 1.0;

    /// <summary>Epochs without a lower validation MSE before stopping.</summary>
    public int Patience { get; init; } = 2;

    /// <summary>Train only the layer mix and the estimator (issue 10's frozen-IQS head); the encoder's features are computed once.</summary>
    public bool FreezeEncoder { get; init; }

    public int MaxLength { get; init; } = 510;

    public int[] HiddenSizes { get; init; } = [2048, 1024];

    public string Activation { get; init; } = "Tanh";

    public bool Sparsemax { get; init; } = true;

    public bool AveragePooling { get; init; } = true;

    /// <summary>Seeds the head's initialisation and the per-epoch shuffle (epoch e uses seed + e).</summary>
    public int Seed { get; init; } = 1;

    public int Threads { get; init; } = Environment.ProcessorCount;
}

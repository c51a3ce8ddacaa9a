namespace Winnow.Training.Scar;

/// <summary>
/// How <see cref="ScarTrainer"/> trains; defaults from SCAR's train.py (METHODS §5.4): margin 0.5, AdamW lr 2e-5
/// with a linear schedule and 10 % warm-up, gradient clip 1.0, batch 4, 10 epochs, model selection on validation
/// pairwise accuracy; linear_dim 1024 (StyleRankerConfig's default).
/// </summary>
public sealed record ScarTrainingOptions
{
    public int Epochs { get; init; } = 10;

    /// <summary>Preference pairs per optimiser step.</summary>
    public int BatchPairs { get; init; } = 4;

    public double LearningRate { get; init; } = 2e-5;

    public double WarmupRatio { get; init; } = 0.1;

    public double MaxGradientNorm { get; init; } = 1.0;

    public double Margin { get; init; } = 0.5;

    public int LinearDim { get; init; } = 1024;

    /// <summary>Tokens kept per instruction and per answer (SCAR: 512, capped by the encoder).</summary>
    public int MaxLength { get; init; } = 512;

    /// <summary>Seeds the relation/output networks' initialisation and each epoch's shuffle.</summary>
    public int Seed { get; init; } = 42;

    public int Threads { get; init; } = Environment.ProcessorCount;
}

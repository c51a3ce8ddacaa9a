namespace Winnow.Models.Training;

/// <summary>How <see cref="DecoderTrainer"/> runs. Defaults follow Alpaca-style fine-tuning, scaled to one machine.</summary>
public sealed record TrainingOptions
{
    public int Epochs { get; init; } = 1;

    /// <summary>Rows per micro-batch (packed, no padding).</summary>
    public int BatchRows { get; init; } = 4;

    /// <summary>Micro-batches whose gradients are summed before one optimiser step.</summary>
    public int AccumulationSteps { get; init; } = 1;

    public double LearningRate { get; init; } = 2e-5;

    /// <summary>Warm-up as a fraction of all optimiser steps (Alpaca: 0.03).</summary>
    public double WarmupRatio { get; init; } = 0.03;

    public ScheduleKind Schedule { get; init; } = ScheduleKind.Cosine;

    public AdamWSettings Optimizer { get; init; } = new();

    /// <summary>Global gradient-norm clip; 0 turns clipping off.</summary>
    public double MaxGradientNorm { get; init; } = 1.0;

    /// <summary>Seeds the per-epoch shuffle (epoch e uses seed + e, so a resumed run sees the same order).</summary>
    public int Seed { get; init; } = 42;

    /// <summary>Optimiser steps between checkpoints; 0 writes only the final model.</summary>
    public int CheckpointEvery { get; init; }

    /// <summary>Stop (as if killed) after this many optimiser steps in this process; for tests of resuming.</summary>
    public int? StopAfterSteps { get; init; }

    public int Threads { get; init; } = Environment.ProcessorCount;

    /// <summary>Train LoRA adapters on the frozen base instead of every weight; null trains every weight.</summary>
    public Lora.LoraSettings? Lora { get; init; }

    /// <summary>With <see cref="Lora"/>: write the base with the adapters merged in instead of a PEFT adapter folder.</summary>
    public bool MergeLora { get; init; }
}

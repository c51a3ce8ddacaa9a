using System.Security.Cryptography;
using System.Text;
using Winnow.Models.Decoders;
using Winnow.Models.Training.Lora;

namespace Winnow.Models.Training;

/// <summary>
/// Fine-tunes (or trains) a decoder on token rows: seeded shuffle per epoch, packed micro-batches, gradient
/// accumulation, global-norm clipping, AdamW with warm-up and a decay schedule, checkpoints. The loss of one
/// optimiser step is the mean over every scored token of its micro-batches. Every step is deterministic (the
/// GEMM's summation order does not depend on threads; attention workers write disjoint values), so a run killed
/// after a checkpoint and started again with the same arguments resumes from it and ends with the same bytes.
/// </summary>
public static class DecoderTrainer
{
    public sealed record Result(int StepsDone, int TotalSteps, double LastLoss, bool Finished);

    public static Result Train(string modelFolder, IReadOnlyList<TrainingExample> examples, string outputFolder, TrainingOptions o, TextWriter log, CancellationToken cancel = default)
    {
        if (examples.Count == 0)
            throw new ArgumentException("no training rows");
        var empty = examples.Select((e, i) => (e, i)).FirstOrDefault(x => x.e.Scored.Length == 0);
        if (empty.e is not null)
            throw new ArgumentException($"training row {empty.i} has no token in the loss");
        var microBatches = (examples.Count + o.BatchRows - 1) / o.BatchRows;
        var stepsPerEpoch = (microBatches + o.AccumulationSteps - 1) / o.AccumulationSteps;
        var totalSteps = stepsPerEpoch * o.Epochs;
        var fingerprint = Fingerprint(examples, o);
        var resume = DecoderCheckpoint.Latest(outputFolder);
        if (resume is { } r && r.State.Fingerprint != fingerprint)
            throw new ArgumentException($"{r.Folder}: checkpoint of a run with other data or settings; use another output folder or delete it");
        var source = resume?.Folder ?? modelFolder;
        var model = Load(modelFolder, resume?.Folder, o);
        var optimizer = new AdamW(model.Parameters, o.Optimizer, t => !t.IsVector, o.Threads);
        var start = 0;
        if (resume is { } checkpoint)
        {
            start = checkpoint.State.Step;
            DecoderCheckpoint.RestoreOptimizer(checkpoint.Folder, model.Parameters, optimizer, start);
            log.WriteLine($"resuming from {checkpoint.Folder} (step {start} of {totalSteps})");
        }
        var schedule = new LearningRateSchedule(o.LearningRate, (int)Math.Ceiling(o.WarmupRatio * totalSteps), totalSteps, o.Schedule);
        var gradients = model.NewGradients();
        double lastLoss = double.NaN;
        var done = 0;
        for (var step = start; step < totalSteps; step++)
        {
            cancel.ThrowIfCancellationRequested();
            if (o.StopAfterSteps is { } stop && done == stop)
                return new Result(step, totalSteps, lastLoss, Finished: false);
            var epoch = step / stepsPerEpoch;
            var order = Shuffled(examples.Count, o.Seed + epoch);
            var first = (step % stepsPerEpoch) * o.AccumulationSteps * o.BatchRows;
            var last = Math.Min(first + o.AccumulationSteps * o.BatchRows, examples.Count);
            var scored = 0;
            for (var i = first; i < last; i++)
                scored += examples[order[i]].Scored.Length;
            gradients.Clear();
            double loss = 0;
            for (var b = first; b < last; b += o.BatchRows)
            {
                var rows = Enumerable.Range(b, Math.Min(o.BatchRows, last - b)).Select(i => examples[order[i]]).ToList();
                loss += model.Backpropagate(rows.Select(e => e.Ids).ToList(), rows.Select(e => e.Scored).ToList(), 1f / scored, gradients);
            }
            var norm = gradients.GlobalNorm();
            if (o.MaxGradientNorm > 0 && norm > o.MaxGradientNorm)
                gradients.Scale((float)(o.MaxGradientNorm / (norm + 1e-6)));
            var lr = schedule.At(step);
            optimizer.Update(gradients, lr);
            lastLoss = loss / scored;
            done++;
            log.WriteLine($"step {step + 1}/{totalSteps}  epoch {epoch + 1}  loss {lastLoss:F4}  grad-norm {norm:F3}  lr {lr:G3}");
            if (o.CheckpointEvery > 0 && (step + 1) % o.CheckpointEvery == 0 && step + 1 < totalSteps)
                DecoderCheckpoint.Write(outputFolder, folder => WriteWeights(folder, model, modelFolder, source), model.Parameters, optimizer, new DecoderCheckpoint.State(step + 1, totalSteps, fingerprint));
        }
        if (model.Lora is { } adapters && o.MergeLora)
        {
            adapters.Merge();
            DecoderCheckpoint.WriteModel(outputFolder, modelFolder, DecoderParameters.List(model.Spec, model.Weights));
        }
        else
        {
            WriteWeights(outputFolder, model, modelFolder, source);
            // An adapter folder keeps its optimiser moments: LESS preconditions training gradients with them.
            if (model.Lora is not null)
                DecoderCheckpoint.WriteOptimizer(outputFolder, model.Parameters, optimizer);
        }
        foreach (var dir in Directory.EnumerateDirectories(outputFolder, "checkpoint-*"))
            Directory.Delete(dir, recursive: true);
        return new Result(totalSteps, totalSteps, lastLoss, Finished: true);
    }

    /// <summary>
    /// The model to train: every weight from the checkpoint (or the start folder); with LoRA the base always from the
    /// start folder, frozen, and the adapters from the checkpoint (or freshly initialised with the run's seed).
    /// </summary>
    private static TrainableDecoder Load(string modelFolder, string? checkpoint, TrainingOptions o)
    {
        using var dir = ModelDirectory.Open(o.Lora is null ? checkpoint ?? modelFolder : modelFolder);
        var spec = DecoderSpec.FromConfig(dir.Config);
        var weights = DecoderWeights.Load(spec, dir);
        if (o.Lora is not { } settings)
            return new TrainableDecoder(spec, weights, o.Threads);
        var adapters = checkpoint is null
            ? LoraAdapters.Create(spec, weights, settings, o.Seed)
            : PeftAdapterFolder.Load(checkpoint, settings, spec, weights);
        return new TrainableDecoder(spec, weights, o.Threads, adapters);
    }

    private static void WriteWeights(string folder, TrainableDecoder model, string modelFolder, string source)
    {
        if (model.Lora is { } adapters)
            PeftAdapterFolder.Save(folder, modelFolder, adapters);
        else
            DecoderCheckpoint.WriteModel(folder, source, model.Parameters);
    }

    /// <summary>Fisher–Yates with a seeded generator: the order of one epoch.</summary>
    internal static int[] Shuffled(int count, int seed)
    {
        return new SeededRandom(seed).Permutation(count);
    }

    private static string Fingerprint(IReadOnlyList<TrainingExample> examples, TrainingOptions o)
    {
        using var hash = IncrementalHash.CreateHash(HashAlgorithmName.SHA256);
        foreach (var e in examples)
        {
            hash.AppendData(System.Runtime.InteropServices.MemoryMarshal.AsBytes(e.Ids.AsSpan()));
            hash.AppendData(System.Runtime.InteropServices.MemoryMarshal.AsBytes(e.Scored.AsSpan()));
            hash.AppendData([0xff]);
        }
        hash.AppendData(Encoding.UTF8.GetBytes((o with { StopAfterSteps = null, Threads = 0 }).ToString()));
        return Convert.ToHexString(hash.GetHashAndReset());
    }
}

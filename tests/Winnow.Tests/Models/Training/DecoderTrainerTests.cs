using Winnow.Models;
using Winnow.Models.Training;

namespace Winnow.Tests.Models.Training;

public class DecoderTrainerTests
{
    private static readonly TrainingOptions Options = new()
    {
        Epochs = 2, BatchRows = 2, AccumulationSteps = 2, LearningRate = 3e-3, WarmupRatio = 0.2, Schedule = ScheduleKind.Cosine,
        Optimizer = new AdamWSettings(WeightDecay: 0.01), MaxGradientNorm = 1.0, Seed = 7, CheckpointEvery = 2, Threads = 2,
    };

    /// <summary>Eleven rows of qwen2-tiny ids, each scoring its second half (a response-only mask).</summary>
    private static List<TrainingExample> Rows()
    {
        var rng = new Random(3);
        return Enumerable.Range(0, 11).Select(i =>
        {
            var ids = Enumerable.Range(0, 6 + i).Select(_ => rng.Next(1000)).ToArray();
            return new TrainingExample(ids, Enumerable.Range(ids.Length / 2, ids.Length - ids.Length / 2).ToArray());
        }).ToList();
    }

    [SharedFact]
    public void TrainingLowersTheLossAndTheFolderLoadsForInference()
    {
        using var output = new TempFolder();
        var rows = Rows();
        var before = MeanLoss(TestPaths.Fixture("qwen2-tiny"), rows);
        var result = DecoderTrainer.Train(TestPaths.Fixture("qwen2-tiny"), rows, output.Path, Options with { Epochs = 4 }, TextWriter.Null);
        Assert.True(result.Finished);
        Assert.Equal(12, result.TotalSteps);
        var after = MeanLoss(output.Path, rows);
        Assert.True(after < before - 0.5, $"mean loss {before:F3} → {after:F3}");
        Assert.True(File.Exists(Path.Combine(output.Path, "config.json")));
        Assert.Empty(Directory.GetDirectories(output.Path, "checkpoint-*"));
    }

    [SharedFact]
    public void AKilledRunResumesFromItsLastCheckpointToTheSameBytes()
    {
        using var straight = new TempFolder();
        using var interrupted = new TempFolder();
        var rows = Rows();
        var model = TestPaths.Fixture("qwen2-tiny");
        DecoderTrainer.Train(model, rows, straight.Path, Options, TextWriter.Null);
        var first = DecoderTrainer.Train(model, rows, interrupted.Path, Options with { StopAfterSteps = 3 }, TextWriter.Null);
        Assert.False(first.Finished);
        Assert.Single(Directory.GetDirectories(interrupted.Path, "checkpoint-2"));
        var log = new StringWriter();
        var second = DecoderTrainer.Train(model, rows, interrupted.Path, Options, log);
        Assert.True(second.Finished);
        Assert.Contains("resuming from", log.ToString());
        Assert.Equal(File.ReadAllBytes(Path.Combine(straight.Path, "model.safetensors")), File.ReadAllBytes(Path.Combine(interrupted.Path, "model.safetensors")));
    }

    [SharedFact]
    public void ACheckpointOfOtherDataIsRefused()
    {
        using var output = new TempFolder();
        var rows = Rows();
        DecoderTrainer.Train(TestPaths.Fixture("qwen2-tiny"), rows, output.Path, Options with { StopAfterSteps = 2 }, TextWriter.Null);
        var e = Assert.Throws<ArgumentException>(() => DecoderTrainer.Train(TestPaths.Fixture("qwen2-tiny"), rows.Skip(1).ToList(), output.Path, Options, TextWriter.Null));
        Assert.Contains("other data or settings", e.Message);
    }

    [Fact]
    public void ShuffleIsSeededAndAPermutation()
    {
        Assert.Equal(DecoderTrainer.Shuffled(50, 1), DecoderTrainer.Shuffled(50, 1));
        Assert.NotEqual(DecoderTrainer.Shuffled(50, 1), DecoderTrainer.Shuffled(50, 2));
        Assert.Equal(Enumerable.Range(0, 50), DecoderTrainer.Shuffled(50, 1).Order());
    }

    /// <summary>Mean response-token NLL through the inference engine, which also proves the written folder loads.</summary>
    private static double MeanLoss(string folder, List<TrainingExample> rows)
    {
        var lm = CausalLM.Load(folder);
        var logProbs = lm.TokenLogProbs(rows.Select(r => r.Ids).ToList(), rows.Select(r => (r.Scored[0], r.Ids.Length)).ToList());
        return -logProbs.SelectMany(x => x).Average(v => (double)v);
    }
}

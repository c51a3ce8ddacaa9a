using Winnow.Models;
using Winnow.Models.Training;
using Winnow.Models.Training.Lora;

namespace Winnow.Tests.Models.Training.Lora;

public class LoraTrainingTests
{
    private static readonly TrainingOptions Options = new()
    {
        Epochs = 4, BatchRows = 2, AccumulationSteps = 1, LearningRate = 2e-2, WarmupRatio = 0.1, Schedule = ScheduleKind.Linear,
        MaxGradientNorm = 1.0, Seed = 11, CheckpointEvery = 5, Threads = 2,
        Lora = LoraSettings.Parse("r=4,alpha=8,targets=q_proj,v_proj,down_proj"),
    };

    /// <summary>Nine rows of qwen2-tiny ids, each scoring its second half.</summary>
    private static List<TrainingExample> Rows()
    {
        var rng = new Random(5);
        return Enumerable.Range(0, 9).Select(i =>
        {
            var ids = Enumerable.Range(0, 8 + i).Select(_ => rng.Next(1000)).ToArray();
            return new TrainingExample(ids, Enumerable.Range(ids.Length / 2, ids.Length - ids.Length / 2).ToArray());
        }).ToList();
    }

    [SharedFact]
    public void AdaptersLowerTheLossAndTheAdapterFolderLoadsOnItsBase()
    {
        using var output = new TempFolder();
        var model = TestPaths.Fixture("qwen2-tiny");
        var rows = Rows();
        var before = MeanLoss(model, rows);
        var result = DecoderTrainer.Train(model, rows, output.Path, Options, TextWriter.Null);
        Assert.True(result.Finished);
        foreach (var file in new[] { "adapter_config.json", "adapter_model.safetensors", "optimizer.safetensors" })
            Assert.True(File.Exists(Path.Combine(output.Path, file)), file);
        Assert.False(File.Exists(Path.Combine(output.Path, "model.safetensors")));
        var after = MeanLoss(output.Path, rows);
        Assert.True(after < before - 0.3, $"mean loss {before:F3} → {after:F3}");
    }

    [SharedFact]
    public void MergedOutputEqualsBasePlusAdapters()
    {
        using var apart = new TempFolder();
        using var merged = new TempFolder();
        var model = TestPaths.Fixture("qwen2-tiny");
        var rows = Rows();
        var options = Options with { Epochs = 1 };
        DecoderTrainer.Train(model, rows, apart.Path, options, TextWriter.Null);
        DecoderTrainer.Train(model, rows, merged.Path, options with { MergeLora = true }, TextWriter.Null);
        Assert.True(File.Exists(Path.Combine(merged.Path, "model.safetensors")));
        Assert.False(File.Exists(Path.Combine(merged.Path, "adapter_config.json")));
        Assert.Equal(MeanLoss(apart.Path, rows), MeanLoss(merged.Path, rows), 1e-6);
    }

    [SharedFact]
    public void AKilledLoraRunResumesToTheSameAdapterBytes()
    {
        using var straight = new TempFolder();
        using var interrupted = new TempFolder();
        var model = TestPaths.Fixture("qwen2-tiny");
        var rows = Rows();
        DecoderTrainer.Train(model, rows, straight.Path, Options, TextWriter.Null);
        Assert.False(DecoderTrainer.Train(model, rows, interrupted.Path, Options with { StopAfterSteps = 7 }, TextWriter.Null).Finished);
        Assert.True(File.Exists(Path.Combine(interrupted.Path, "checkpoint-5", "adapter_model.safetensors")));
        var log = new StringWriter();
        Assert.True(DecoderTrainer.Train(model, rows, interrupted.Path, Options, log).Finished);
        Assert.Contains("resuming from", log.ToString());
        Assert.Equal(File.ReadAllBytes(Path.Combine(straight.Path, "adapter_model.safetensors")), File.ReadAllBytes(Path.Combine(interrupted.Path, "adapter_model.safetensors")));
    }

    private static double MeanLoss(string folder, List<TrainingExample> rows)
    {
        var lm = CausalLM.Load(folder);
        var logProbs = lm.TokenLogProbs(rows.Select(r => r.Ids).ToList(), rows.Select(r => (r.Scored[0], r.Ids.Length)).ToList());
        return -logProbs.SelectMany(x => x).Average(v => (double)v);
    }
}

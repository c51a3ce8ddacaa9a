using System.Text.Json;
using Winnow.Models.SafeTensors;
using Winnow.Models.Training;

namespace Winnow.Tests.Models.Training;

public class AdamWTests
{
    /// <summary>Three steps with given gradients equal torch.optim.AdamW's parameters after each step (float32 rounding only).</summary>
    [Fact]
    public void ThreeStepsEqualTorch()
    {
        using var settingsJson = JsonDocument.Parse(File.ReadAllText(GradientFixture.Folder("adamw.json")));
        var j = settingsJson.RootElement;
        var betas = j.GetProperty("betas").EnumerateArray().Select(b => b.GetDouble()).ToArray();
        var settings = new AdamWSettings(betas[0], betas[1], j.GetProperty("eps").GetDouble(), j.GetProperty("weight_decay").GetDouble());
        using var file = SafetensorsFile.Open(GradientFixture.Folder("adamw.safetensors"));
        var weights = new[] { file.ReadSingle("param0.initial"), file.ReadSingle("param1.initial") };
        var tensors = weights.Select((w, i) => new TrainableTensor($"param{i}", [w.Length], w, 0, w.Length)).ToArray();
        var optimizer = new AdamW(tensors, settings, _ => true);
        var gradients = new Gradients(tensors);
        for (var step = 0; step < j.GetProperty("steps").GetInt32(); step++)
        {
            for (var p = 0; p < weights.Length; p++)
                file.ReadSingle($"param{p}.grad{step}").CopyTo(gradients.Of(weights[p]), 0);
            optimizer.Update(gradients, j.GetProperty("lr").GetDouble());
            for (var p = 0; p < weights.Length; p++)
                Close.Assert(file.ReadSingle($"param{p}.after{step}"), weights[p], 1e-7, $"param{p} after step {step}");
        }
    }

    [Fact]
    public void UndecayedTensorsOnlyMoveByTheAdamStep()
    {
        var decayed = new float[] { 1f };
        var plain = new float[] { 1f };
        var tensors = new[] { new TrainableTensor("w", [1], decayed, 0, 1), new TrainableTensor("b", [1], plain, 0, 1) };
        var optimizer = new AdamW(tensors, new AdamWSettings(WeightDecay: 0.5), t => t.Name == "w");
        optimizer.Update(new Gradients(tensors), 0.1);
        Assert.Equal(1f, plain[0]);
        Assert.Equal(1f - 0.1f * 0.5f, decayed[0], 6);
    }
}

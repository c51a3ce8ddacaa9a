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

    /// <summary>
    /// The fast update (vectors, chunks on 1–3 threads) gives the scalar twin's bits, over an array long enough for
    /// several chunks and a length that leaves a scalar tail, with and without decay.
    /// </summary>
    [Theory]
    [InlineData(1, 1f)]
    [InlineData(2, 0.999f)]
    [InlineData(3, 0.999f)]
    public void FastUpdateEqualsTheScalarTwinBitForBit(int threads, float shrink)
    {
        const int length = 3 * 65536 + 21;
        var update = new AdamWUpdate(0.9f, 0.999f, 0.1f, 0.001f, 1e-8f, 3e-4f, 0.0447f, shrink);
        var rng = new Random(3);
        float[] Draw(float scale) => Enumerable.Range(0, length).Select(_ => (rng.NextSingle() - 0.5f) * scale).ToArray();
        var (w, g, m, v) = (Draw(2), Draw(0.1f), Draw(0.01f), Draw(0.001f));
        for (var i = 0; i < length; i++)
            v[i] = Math.Abs(v[i]);
        var (w2, m2, v2) = ((float[])w.Clone(), (float[])m.Clone(), (float[])v.Clone());
        update.Apply(w, g, m, v, threads);
        update.Reference(w2, g, m2, v2);
        Assert.Equal(w2, w);
        Assert.Equal(m2, m);
        Assert.Equal(v2, v);
    }
}

using System.Text.Json;
using Winnow.Models;
using Winnow.Models.Decoders;
using Winnow.Models.Training;
using Winnow.Models.Training.Lora;

namespace Winnow.Tests.Models.Training.Lora;

public class LoraAdaptersTests
{
    private static (DecoderSpec Spec, DecoderWeights Weights) Load(string model)
    {
        using var dir = ModelDirectory.Open(TestPaths.Fixture(model));
        var spec = DecoderSpec.FromConfig(dir.Config);
        return (spec, DecoderWeights.Load(spec, dir));
    }

    [SharedFact]
    public void FreshAdaptersFollowPeftsInitAndLeaveTheModelUnchanged()
    {
        var (spec, weights) = Load("llama-tiny");
        var adapters = LoraAdapters.Create(spec, weights, LoraSettings.Parse("r=4,alpha=8,targets=k_proj,o_proj"), seed: 3);
        Assert.Equal(2 * spec.Layers, adapters.All.Count);
        Assert.Equal(["model.layers.0.self_attn.k_proj", "model.layers.0.self_attn.o_proj"], adapters.All.Take(2).Select(a => a.Module));
        var k = adapters.All[0];
        Assert.Equal(spec.Heads * spec.HeadSize, k.OutOffset);
        Assert.Equal(spec.KvHeads * spec.HeadSize, k.OutCount);
        var bound = 1 / Math.Sqrt(spec.Hidden);
        Assert.All(k.A, v => Assert.InRange(v, -bound, bound));
        Assert.True(k.A.Select(Math.Abs).Max() > 0.9 * bound, "A should fill its kaiming-uniform range");
        Assert.All(adapters.All, a => Assert.All(a.B, v => Assert.Equal(0f, v)));
        Assert.Equal(k.A, LoraAdapters.Create(spec, weights, adapters.Settings, seed: 3).All[0].A);
        Assert.NotEqual(k.A, LoraAdapters.Create(spec, weights, adapters.Settings, seed: 4).All[0].A);
        Assert.Equal(["base_model.model.model.layers.0.self_attn.k_proj.lora_A.weight", "base_model.model.model.layers.0.self_attn.k_proj.lora_B.weight"],
            adapters.Parameters.Take(2).Select(p => p.Name));
    }

    [SharedFact]
    public void ATargetThatMatchesNothingIsRefused()
    {
        var (spec, weights) = Load("gpt2-tiny");
        var e = Assert.Throws<ArgumentException>(() => LoraAdapters.Create(spec, weights, LoraSettings.Parse("r=2,targets=q_proj"), 1));
        Assert.Contains("q_proj match no module", e.Message);
        Assert.Contains("c_attn", e.Message);
    }

    [SharedFact]
    public void SavedAdaptersLoadBackExactlyInPeftsLayout()
    {
        using var temp = new TempFolder();
        var (spec, weights) = Load("gpt2-tiny");
        var adapters = LoraAdapters.Create(spec, weights, LoraSettings.Parse("r=2,alpha=4,targets=c_fc"), 5);
        adapters.All[1].B[3] = 0.25f;
        PeftAdapterFolder.Save(temp.Path, TestPaths.Fixture("gpt2-tiny"), adapters);
        using (var config = JsonDocument.Parse(File.ReadAllText(Path.Combine(temp.Path, "adapter_config.json"))))
        {
            var root = config.RootElement;
            Assert.Equal("LORA", root.GetProperty("peft_type").GetString());
            Assert.Equal(2, root.GetProperty("r").GetInt32());
            Assert.Equal(4, root.GetProperty("lora_alpha").GetDouble());
            Assert.True(root.GetProperty("fan_in_fan_out").GetBoolean());
            Assert.Equal("c_fc", root.GetProperty("target_modules")[0].GetString());
        }
        Assert.True(File.Exists(Path.Combine(temp.Path, "tokenizer.json")));
        var (settings, baseFolder) = PeftAdapterFolder.ReadConfig(temp.Path);
        Assert.Equal(Path.GetFullPath(TestPaths.Fixture("gpt2-tiny")), baseFolder);
        var loaded = PeftAdapterFolder.Load(temp.Path, settings, spec, weights);
        Assert.Equal(adapters.All.Select(a => a.Module), loaded.All.Select(a => a.Module));
        for (var i = 0; i < adapters.All.Count; i++)
        {
            Assert.Equal(adapters.All[i].A, loaded.All[i].A);
            Assert.Equal(adapters.All[i].B, loaded.All[i].B);
        }
        var wrongTargets = settings with { Targets = ["c_attn"] };
        Assert.Contains("is missing", Assert.Throws<InvalidDataException>(() => PeftAdapterFolder.Load(temp.Path, wrongTargets, spec, weights)).Message);
    }

    [SharedFact]
    public void MergingAddsScaleTimesBAToTheWeightInEitherLayout()
    {
        foreach (var (model, target) in new[] { ("gpt2-tiny", "c_attn"), ("llama-tiny", "v_proj") })
        {
            var (spec, weights) = Load(model);
            var adapters = LoraAdapters.Create(spec, weights, LoraSettings.Parse($"r=2,alpha=6,targets={target}"), 9);
            var a = adapters.All[0];
            for (var i = 0; i < a.B.Length; i++)
                a.B[i] = (i % 7 - 3) * 0.01f;
            var before = a.Layer.Weight.ToArray();
            adapters.Merge();
            // One output feature o of the adapter and one input i, by hand: ΔW[o, i] = 3 · Σ_j B[o, j]·A[j, i].
            var (o, input) = (a.OutCount - 1, a.Layer.In - 2);
            var delta = 3.0 * (a.B[o * 2] * a.A[input] + a.B[o * 2 + 1] * a.A[a.Layer.In + input]);
            var index = a.Layer.WeightIsOutByIn ? (a.OutOffset + o) * a.Layer.In + input : input * a.Layer.Out + a.OutOffset + o;
            Assert.Equal(before[index] + delta, a.Layer.Weight[index], 1e-6);
            var untouched = a.Layer.WeightIsOutByIn ? 0 : input * a.Layer.Out + a.Layer.Out - 1;
            if (a.OutOffset > 0)
                Assert.Equal(before[untouched], a.Layer.Weight[untouched]);
        }
    }
}

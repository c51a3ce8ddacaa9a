using System.Text.Json;
using Winnow.Models;
using Winnow.Models.Decoders;
using Winnow.Models.SafeTensors;
using Winnow.Models.Training;
using Winnow.Models.Training.Lora;

namespace Winnow.Tests.Models.Training.Lora;

/// <summary>
/// LoRA gradients against PyTorch autograd (tools/gradient-reference/make_gradients.py, make_lora): adapters with
/// random A and B (B non-zero so A has a gradient) on the frozen fixture models, saved in PEFT's layout, and the
/// gradient of the packed case's masked mean loss for every lora_A / lora_B tensor. Also the merged model, loaded
/// by the inference engine from the adapter folder, reproduces the reference loss.
/// </summary>
public class LoraGradientParityTests
{
    public static TheoryData<string> Models => new() { "gpt2-tiny", "llama-tiny" };

    [SharedTheory]
    [MemberData(nameof(Models))]
    public void EveryLoraGradientMatchesPyTorch(string model)
    {
        var folder = GradientFixture.Folder(model + "-lora");
        var (rows, scored, loss) = ReadCase(folder);
        var decoder = LoadWithAdapters(model, folder);
        var gradients = decoder.NewGradients();
        var count = scored.Sum(s => s.Length);
        var ours = decoder.Backpropagate(rows, scored, 1f / count, gradients) / count;
        Assert.True(Math.Abs(ours - loss) <= 1e-5 * loss, $"loss {ours:G9}, PyTorch {loss:G9}");
        using var reference = SafetensorsFile.Open(Path.Combine(folder, "packed.gradients.safetensors"));
        Assert.Equal(reference.Tensors.Keys.Order(), decoder.Parameters.Select(p => p.Name).Order());
        foreach (var p in decoder.Parameters)
        {
            var (worst, where) = GradientFixture.WorstRatio(reference.ReadSingle(p.Name), gradients.Of(p).ToArray(), p.Name);
            Assert.True(worst <= 1, $"{where} (ratio {worst:G3})");
        }
    }

    [SharedTheory]
    [MemberData(nameof(Models))]
    public void TheInferenceEngineMergesTheAdapterFolderAtLoad(string model)
    {
        using var temp = new TempFolder();
        var source = GradientFixture.Folder(model + "-lora");
        foreach (var file in new[] { PeftAdapterFolder.WeightsFile, PeftAdapterFolder.ConfigFile })
            File.Copy(Path.Combine(source, file), Path.Combine(temp.Path, file));
        var config = File.ReadAllText(Path.Combine(temp.Path, PeftAdapterFolder.ConfigFile))
            .Replace($"\"{model}\"", JsonSerializer.Serialize(TestPaths.Fixture(model)));
        File.WriteAllText(Path.Combine(temp.Path, PeftAdapterFolder.ConfigFile), config);
        var (rows, scored, loss) = ReadCase(source);
        var lm = CausalLM.Load(temp.Path);
        var logProbs = lm.TokenLogProbs(rows, rows.Select(r => (1, r.Length)).ToList());
        var nll = -rows.Select((_, r) => scored[r].Sum(i => (double)logProbs[r][i - 1])).Sum() / scored.Sum(s => s.Length);
        Assert.True(Math.Abs(nll - loss) <= 1e-4 * loss, $"merged model's loss {nll:G9}, PyTorch with adapters {loss:G9}");
        var plain = CausalLM.Load(TestPaths.Fixture(model)).TokenLogProbs(rows, rows.Select(r => (1, r.Length)).ToList());
        Assert.NotEqual(plain[0][0], logProbs[0][0]);
    }

    internal static TrainableDecoder LoadWithAdapters(string model, string adapterFolder)
    {
        using var dir = ModelDirectory.Open(TestPaths.Fixture(model));
        var spec = DecoderSpec.FromConfig(dir.Config);
        var weights = DecoderWeights.Load(spec, dir);
        var (settings, baseName) = PeftAdapterFolder.ReadSettings(adapterFolder);
        Assert.Equal(model, baseName);
        return new TrainableDecoder(spec, weights, 2, PeftAdapterFolder.Load(adapterFolder, settings, spec, weights));
    }

    private static (int[][] Rows, int[][] Scored, double Loss) ReadCase(string folder)
    {
        using var doc = JsonDocument.Parse(File.ReadAllText(Path.Combine(folder, "case.json")));
        var c = doc.RootElement.GetProperty("case");
        return (c.GetProperty("rows").EnumerateArray().Select(FixtureJson.Ints).ToArray(),
            c.GetProperty("scored").EnumerateArray().Select(FixtureJson.Ints).ToArray(),
            doc.RootElement.GetProperty("loss").GetDouble());
    }
}

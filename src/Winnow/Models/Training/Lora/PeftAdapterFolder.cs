using System.Text.Json;
using System.Text.Json.Nodes;
using Winnow.Models.Decoders;
using Winnow.Models.SafeTensors;

namespace Winnow.Models.Training.Lora;

/// <summary>
/// LoRA adapters saved apart from their base model, in PEFT's layout: <c>adapter_config.json</c> (peft_type LORA,
/// r, lora_alpha, target_modules, base_model_name_or_path, …) and <c>adapter_model.safetensors</c> with
/// <c>base_model.model.&lt;module&gt;.lora_A.weight</c> [r, in] and <c>….lora_B.weight</c> [out, r], float32. PEFT's
/// <c>PeftModel.from_pretrained(base, folder)</c> reads it, and the managed engine loads it with its base (merging at
/// load). The base folder is written as an absolute path, so the folder loads from any working directory.
/// </summary>
internal static class PeftAdapterFolder
{
    public const string ConfigFile = "adapter_config.json";
    public const string WeightsFile = "adapter_model.safetensors";

    private static readonly string[] TokenizerFiles =
        ["tokenizer.json", "tokenizer_config.json", "special_tokens_map.json", "vocab.json", "merges.txt", "tokenizer.model", "generation_config.json"];

    public static bool IsAdapter(string folder) => File.Exists(Path.Combine(folder, ConfigFile));

    public static void Save(string folder, string baseFolder, LoraAdapters adapters)
    {
        Directory.CreateDirectory(folder);
        Float32SafetensorsWriter.Write(Path.Combine(folder, WeightsFile),
            adapters.Parameters.Select(t => (t.Name, t.Shape, (ReadOnlyMemory<float>)t.Data.AsMemory(t.Offset, t.Length))));
        var s = adapters.Settings;
        var gpt2 = adapters.All.Count > 0 && !adapters.All[0].Layer.WeightIsOutByIn;
        var config = new JsonObject
        {
            ["peft_type"] = "LORA",
            ["task_type"] = "CAUSAL_LM",
            ["base_model_name_or_path"] = Path.GetFullPath(baseFolder),
            ["r"] = s.Rank,
            ["lora_alpha"] = s.Alpha,
            ["lora_dropout"] = 0.0,
            ["target_modules"] = new JsonArray(s.Targets.Select(t => (JsonNode)JsonValue.Create(t)).ToArray()),
            ["fan_in_fan_out"] = gpt2,
            ["bias"] = "none",
            ["use_rslora"] = false,
            ["init_lora_weights"] = true,
            ["inference_mode"] = true,
            ["modules_to_save"] = null,
        };
        File.WriteAllText(Path.Combine(folder, ConfigFile), config.ToJsonString(new JsonSerializerOptions { WriteIndented = true }));
        foreach (var name in TokenizerFiles)
        {
            var source = Path.Combine(baseFolder, name);
            if (File.Exists(source) && Path.GetFullPath(source) != Path.GetFullPath(Path.Combine(folder, name)))
                File.Copy(source, Path.Combine(folder, name), overwrite: true);
        }
    }

    /// <summary>The adapter's settings and its base model folder, checked for what the managed engine supports.</summary>
    public static (LoraSettings Settings, string BaseFolder) ReadConfig(string folder)
    {
        var (settings, baseName) = ReadSettings(folder);
        var baseFolder = Path.IsPathRooted(baseName) ? baseName : Path.GetFullPath(Path.Combine(folder, baseName));
        if (!Directory.Exists(baseFolder) && Directory.Exists(baseName))
            baseFolder = Path.GetFullPath(baseName);
        if (!Directory.Exists(baseFolder))
            throw new InvalidDataException($"{Path.Combine(folder, ConfigFile)}: base_model_name_or_path '{baseName}' is not a folder (the managed engine needs the base weights on disk)");
        return (settings, baseFolder);
    }

    /// <summary>The adapter's settings and base_model_name_or_path as written.</summary>
    public static (LoraSettings Settings, string BaseName) ReadSettings(string folder)
    {
        var path = Path.Combine(folder, ConfigFile);
        JsonNode root;
        try
        {
            root = JsonNode.Parse(File.ReadAllText(path)) ?? throw new InvalidDataException($"{path}: empty");
        }
        catch (JsonException e)
        {
            throw new InvalidDataException($"{path}: not JSON ({e.Message})");
        }
        string Text(string key) => root[key]?.GetValue<string>() ?? throw new InvalidDataException($"{path}: field '{key}' is missing");
        if (Text("peft_type") != "LORA")
            throw new InvalidDataException($"{path}: peft_type '{Text("peft_type")}', expected LORA");
        if (root["bias"]?.GetValue<string>() is { } bias && bias != "none")
            throw new InvalidDataException($"{path}: bias '{bias}' (trained biases) is not supported; expected \"none\"");
        if (root["use_rslora"]?.GetValue<bool>() == true)
            throw new InvalidDataException($"{path}: use_rslora (scale alpha/√r) is not supported; expected false");
        var rank = root["r"]?.GetValue<int>() ?? throw new InvalidDataException($"{path}: field 'r' is missing");
        var alpha = root["lora_alpha"]?.GetValue<double>() ?? throw new InvalidDataException($"{path}: field 'lora_alpha' is missing");
        var targetsNode = root["target_modules"];
        var targets = targetsNode switch
        {
            JsonArray array => array.Select(t => t!.GetValue<string>()).ToList(),
            JsonValue value => [value.GetValue<string>()],
            _ => throw new InvalidDataException($"{path}: field 'target_modules' is missing (a list of module names)"),
        };
        return (new LoraSettings(rank, alpha, targets), Text("base_model_name_or_path"));
    }

    /// <summary>The saved adapters attached to a loaded base; every tensor must be present with PEFT's shape, and none left over.</summary>
    public static LoraAdapters Load(string folder, LoraSettings settings, DecoderSpec spec, DecoderWeights weights)
    {
        var path = Path.Combine(folder, WeightsFile);
        using var file = SafetensorsFile.Open(path);
        var used = new HashSet<string>(StringComparer.Ordinal);
        float[] Read(string name, long[] shape)
        {
            if (!file.Tensors.TryGetValue(name, out var entry))
                throw new InvalidDataException($"{path}: tensor '{name}' is missing");
            if (!entry.Shape.AsSpan().SequenceEqual(shape))
                throw new InvalidDataException($"{path}: tensor '{name}' has shape {entry.ShapeText}, expected [{string.Join(", ", shape)}]");
            used.Add(name);
            return file.ReadSingle(name);
        }
        var adapters = LoraAdapters.Build(spec, weights, settings, m =>
        {
            var prefix = LoraAdapters.NamePrefix + m.Name;
            return (Read(prefix + ".lora_A.weight", [settings.Rank, m.Layer.In]), Read(prefix + ".lora_B.weight", [m.OutCount, settings.Rank]));
        });
        var extra = file.Tensors.Keys.Where(k => !used.Contains(k)).ToList();
        if (extra.Count > 0)
            throw new InvalidDataException($"{path}: tensors {string.Join(", ", extra.Take(5))} belong to no targeted module (target_modules: {string.Join(", ", settings.Targets)})");
        return adapters;
    }

    /// <summary>Base weights with the adapter merged in: what the inference engine runs for an adapter folder.</summary>
    public static (DecoderSpec Spec, DecoderWeights Weights, string BaseFolder) LoadMerged(string folder)
    {
        var (settings, baseFolder) = ReadConfig(folder);
        using var dir = ModelDirectory.Open(baseFolder);
        var spec = DecoderSpec.FromConfig(dir.Config);
        var weights = DecoderWeights.Load(spec, dir);
        Load(folder, settings, spec, weights).Merge();
        return (spec, weights, baseFolder);
    }
}

using System.Text.Json;
using Winnow.Models.SafeTensors;

namespace Winnow.Models;

/// <summary>
/// A Hugging Face model folder as downloaded from the hub: <c>config.json</c> plus either <c>model.safetensors</c>
/// or shards listed in <c>model.safetensors.index.json</c>. Every shard is validated and memory-mapped on open;
/// tensors are widened to float32 when an architecture loads them. Pickle checkpoints are refused (they can run
/// arbitrary code when read and are not a format this engine parses).
/// </summary>
public sealed class ModelDirectory : IWeightSource, IDisposable
{
    public const string SingleFileName = "model.safetensors";
    public const string IndexFileName = "model.safetensors.index.json";

    private readonly Dictionary<string, SafetensorsFile> _byTensor;
    private readonly List<SafetensorsFile> _files;

    private ModelDirectory(string path, ModelConfig config, List<SafetensorsFile> files, Dictionary<string, SafetensorsFile> byTensor)
    {
        DirectoryPath = path;
        Config = config;
        _files = files;
        _byTensor = byTensor;
    }

    public string DirectoryPath { get; }

    public ModelConfig Config { get; }

    public string Name => DirectoryPath;

    public IReadOnlyCollection<string> TensorNames => _byTensor.Keys;

    /// <summary>The weight files in load order (one, or the shards).</summary>
    public IEnumerable<string> WeightFiles => _files.Select(f => f.FilePath);

    public static ModelDirectory Open(string path)
    {
        path = Path.GetFullPath(path);
        if (!Directory.Exists(path))
            throw new ModelFormatException($"{path}: model folder not found");
        var config = ModelConfig.Load(Path.Combine(path, "config.json"));
        var single = Path.Combine(path, SingleFileName);
        var index = Path.Combine(path, IndexFileName);
        var files = new List<SafetensorsFile>();
        var byTensor = new Dictionary<string, SafetensorsFile>(StringComparer.Ordinal);
        try
        {
            if (File.Exists(single))
            {
                var file = SafetensorsFile.Open(single);
                files.Add(file);
                foreach (var name in file.Tensors.Keys)
                    byTensor[name] = file;
            }
            else if (File.Exists(index))
            {
                OpenShards(path, index, files, byTensor);
            }
            else
            {
                throw NoSafetensors(path);
            }
        }
        catch
        {
            foreach (var f in files)
                f.Dispose();
            throw;
        }
        return new ModelDirectory(path, config, files, byTensor);
    }

    private static void OpenShards(string folder, string index, List<SafetensorsFile> files, Dictionary<string, SafetensorsFile> byTensor)
    {
        Dictionary<string, string> weightMap;
        try
        {
            using var doc = JsonDocument.Parse(File.ReadAllText(index));
            if (!doc.RootElement.TryGetProperty("weight_map", out var map) || map.ValueKind != JsonValueKind.Object)
                throw new ModelFormatException($"{index}: no 'weight_map' object");
            weightMap = new Dictionary<string, string>(StringComparer.Ordinal);
            foreach (var item in map.EnumerateObject())
            {
                if (item.Value.ValueKind != JsonValueKind.String)
                    throw new ModelFormatException($"{index}: weight_map entry '{item.Name}' is not a file name");
                weightMap[item.Name] = item.Value.GetString()!;
            }
        }
        catch (JsonException e)
        {
            throw new ModelFormatException($"{index}: not valid JSON: {e.Message}");
        }
        var shards = new Dictionary<string, SafetensorsFile>(StringComparer.Ordinal);
        foreach (var shardName in weightMap.Values.Distinct().Order(StringComparer.Ordinal))
        {
            // Shard names come from a downloaded file: keep them inside the model folder.
            if (Path.GetFileName(shardName) != shardName)
                throw new ModelFormatException($"{index}: shard name '{shardName}' is not a plain file name");
            var shardPath = Path.Combine(folder, shardName);
            if (!File.Exists(shardPath))
                throw new ModelFormatException($"{index}: lists shard '{shardName}', which is not in the folder");
            var shard = SafetensorsFile.Open(shardPath);
            files.Add(shard);
            shards[shardName] = shard;
        }
        foreach (var (tensor, shardName) in weightMap)
        {
            var shard = shards[shardName];
            if (!shard.Tensors.ContainsKey(tensor))
                throw new ModelFormatException($"{index}: maps '{tensor}' to '{shardName}', which does not contain it");
            byTensor[tensor] = shard;
        }
        foreach (var shard in files)
        {
            foreach (var tensor in shard.Tensors.Keys)
            {
                if (byTensor.TryGetValue(tensor, out var owner) && owner != shard)
                    throw new ModelFormatException($"{shard.FilePath}: tensor '{tensor}' is also in {owner.FilePath}");
                byTensor[tensor] = shard;
            }
        }
    }

    private static ModelFormatException NoSafetensors(string folder)
    {
        var pickles = new[] { "pytorch_model.bin", "pytorch_model.bin.index.json", "model.bin" }
            .Where(n => File.Exists(Path.Combine(folder, n))).ToArray();
        if (pickles.Length == 0)
            return new ModelFormatException($"{folder}: no {SingleFileName} or {IndexFileName} in the model folder");
        return new ModelFormatException(
            $"{folder}: only a PyTorch pickle checkpoint ({string.Join(", ", pickles)}) is present; Winnow reads safetensors only " +
            "(pickles can run code when loaded). Convert once with Python:\n" +
            "  from transformers import AutoModel  # or AutoModelForCausalLM / AutoModelForSequenceClassification\n" +
            $"  AutoModel.from_pretrained(r\"{folder}\").save_pretrained(r\"{folder}\", safe_serialization=True)\n" +
            "or, for a bare state dict:\n" +
            "  import torch; from safetensors.torch import save_file\n" +
            $"  save_file(torch.load(r\"{Path.Combine(folder, "pytorch_model.bin")}\", map_location=\"cpu\"), r\"{Path.Combine(folder, SingleFileName)}\", metadata={{\"format\": \"pt\"}})\n" +
            "(save_file refuses tensors that share memory, e.g. tied embeddings: drop the duplicate key or use save_pretrained.)");
    }

    public bool Contains(string tensorName) => _byTensor.ContainsKey(tensorName);

    public TensorEntry Entry(string tensorName) =>
        _byTensor.TryGetValue(tensorName, out var file)
            ? file.Tensors[tensorName]
            : throw new ModelFormatException($"{DirectoryPath}: tensor '{tensorName}' is missing from the weights");

    public float[] Load(string tensorName, params long[] expectedShape)
    {
        var entry = Entry(tensorName);
        var file = _byTensor[tensorName];
        WeightShapes.Check(file.FilePath, tensorName, entry.Shape, expectedShape);
        return file.ReadSingle(tensorName);
    }

    public void Dispose()
    {
        foreach (var f in _files)
            f.Dispose();
    }
}

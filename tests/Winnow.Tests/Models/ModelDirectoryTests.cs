using Winnow.Models;

namespace Winnow.Tests.Models;

/// <summary>Model folder loading: sharded checkpoints, pickle refusal, shape checks against config.json.</summary>
public class ModelDirectoryTests
{
    private const string Config = "{\"model_type\":\"gpt2\",\"architectures\":[\"GPT2LMHeadModel\"]}";

    [Fact]
    public void ShardedCheckpointIsReadThroughItsIndex()
    {
        using var folder = new TempFolder();
        File.WriteAllText(folder.File("config.json"), Config);
        SafetensorsWriter.WriteF32(folder.File("model-00001-of-00002.safetensors"), ("a", [2], [1f, 2f]));
        SafetensorsWriter.WriteF32(folder.File("model-00002-of-00002.safetensors"), ("b", [1, 3], [3f, 4f, 5f]));
        File.WriteAllText(folder.File(ModelDirectory.IndexFileName),
            "{\"metadata\":{\"total_size\":20},\"weight_map\":{\"a\":\"model-00001-of-00002.safetensors\",\"b\":\"model-00002-of-00002.safetensors\"}}");
        using var dir = ModelDirectory.Open(folder.Path);
        Assert.Equal("gpt2", dir.Config.ModelType);
        Assert.Equal(["GPT2LMHeadModel"], dir.Config.Architectures);
        Assert.Equal(2, dir.WeightFiles.Count());
        Assert.Equal(new[] { 3f, 4f, 5f }, dir.Load("b", 1, 3));
        Assert.Contains("has shape [1, 3], the config implies [3]", Assert.Throws<ModelFormatException>(() => dir.Load("b", 3)).Message);
        Assert.Contains("'c' is missing", Assert.Throws<ModelFormatException>(() => dir.Load("c", 1)).Message);
    }

    [Fact]
    public void IndexNamingAMissingShardOrTensorIsAnError()
    {
        using var folder = new TempFolder();
        File.WriteAllText(folder.File("config.json"), Config);
        SafetensorsWriter.WriteF32(folder.File("s1.safetensors"), ("a", [1], [1f]));
        File.WriteAllText(folder.File(ModelDirectory.IndexFileName), "{\"weight_map\":{\"a\":\"s1.safetensors\",\"b\":\"s2.safetensors\"}}");
        Assert.Contains("lists shard 's2.safetensors'", Assert.Throws<ModelFormatException>(() => ModelDirectory.Open(folder.Path)).Message);
        File.WriteAllText(folder.File(ModelDirectory.IndexFileName), "{\"weight_map\":{\"z\":\"s1.safetensors\"}}");
        Assert.Contains("does not contain it", Assert.Throws<ModelFormatException>(() => ModelDirectory.Open(folder.Path)).Message);
        File.WriteAllText(folder.File(ModelDirectory.IndexFileName), "{\"weight_map\":{\"a\":\"../s1.safetensors\"}}");
        Assert.Contains("not a plain file name", Assert.Throws<ModelFormatException>(() => ModelDirectory.Open(folder.Path)).Message);
    }

    [Fact]
    public void PickleOnlyFolderIsRefusedWithConversionInstructions()
    {
        using var folder = new TempFolder();
        File.WriteAllText(folder.File("config.json"), Config);
        File.WriteAllBytes(folder.File("pytorch_model.bin"), [0x80, 0x02]);
        var message = Assert.Throws<ModelFormatException>(() => ModelDirectory.Open(folder.Path)).Message;
        Assert.Contains("pytorch_model.bin", message);
        Assert.Contains("save_pretrained", message);
        Assert.Contains("safe_serialization=True", message);
        Assert.Contains("safetensors.torch import save_file", message);
    }

    [Fact]
    public void MissingConfigOrWeightsAreNamed()
    {
        using var folder = new TempFolder();
        Assert.Contains("config.json not found", Assert.Throws<ModelFormatException>(() => ModelDirectory.Open(folder.Path)).Message);
        File.WriteAllText(folder.File("config.json"), Config);
        Assert.Contains("no model.safetensors", Assert.Throws<ModelFormatException>(() => ModelDirectory.Open(folder.Path)).Message);
    }

    [Fact]
    public void RightPaddedBatchesUnpadAndLengthSortedPlansAreBounded()
    {
        var rows = Batching.FromRightPadded([[5, 6, 0], [7, 0, 0]], [[1, 1, 0], [1, 0, 0]]);
        Assert.Equal([[5, 6], [7]], rows);
        Assert.Throws<ArgumentException>(() => Batching.FromRightPadded([[5, 6]], [[0, 1]]));
        var plan = Batching.LengthSortedBatches([3, 10, 4, 10, 1], maxRows: 2, maxTokens: 15);
        Assert.Equal([[1], [3, 2], [0, 4]], plan);
    }
}

using System.Text.Json;
using Winnow.Models;

namespace Winnow.Tests.Cli;

public sealed class CliTrainLoraTests : IDisposable
{
    private readonly string _dir = Directory.CreateTempSubdirectory("winnow-train-lora-").FullName;

    public void Dispose() => Directory.Delete(_dir, recursive: true);

    private string Rows()
    {
        var data = Path.Combine(_dir, "rows.json");
        File.WriteAllText(data, JsonSerializer.Serialize(Enumerable.Range(0, 4).Select(i => new { instruction = $"Count to {i + 2}.", input = "", output = string.Join(", ", Enumerable.Range(1, i + 2)) })));
        return data;
    }

    [SharedFact]
    public void LoraWritesAPeftAdapterFolderTheEngineLoadsOnItsBase()
    {
        var output = Path.Combine(_dir, "adapter");
        var result = CliRunner.Run("train", "lm", "-m", TestPaths.Fixture("gpt2-tiny"), "--data", Rows(), "-o", output,
            "--lora", "r=4,alpha=8,targets=c_attn", "--batch-rows", "2", "--lr", "1e-3", "--max-length", "64", "--threads", "2");
        Assert.True(result.ExitCode == 0, result.Error);
        Assert.True(File.Exists(Path.Combine(output, "adapter_model.safetensors")));
        Assert.False(File.Exists(Path.Combine(output, "model.safetensors")));
        Assert.Equal(50257, CausalLM.Load(output).VocabSize);
    }

    [SharedTheory]
    [InlineData("r=4,alpha=8,targets=q_proj", "q_proj match no module")]
    [InlineData("r=4,dropout=0.05,targets=c_attn", "dropout")]
    public void BadLoraSettingsAreUsageErrors(string lora, string message)
    {
        var result = CliRunner.Run("train", "lm", "-m", TestPaths.Fixture("gpt2-tiny"), "--data", Rows(), "-o", Path.Combine(_dir, "x"), "--lora", lora, "--max-length", "64");
        Assert.Equal(2, result.ExitCode);
        Assert.Contains(message, result.Error);
    }

    [SharedFact]
    public void MergeWithoutLoraIsAUsageError()
    {
        var result = CliRunner.Run("train", "lm", "-m", TestPaths.Fixture("gpt2-tiny"), "--data", Rows(), "-o", Path.Combine(_dir, "x"), "--lora-merge");
        Assert.Equal(2, result.ExitCode);
        Assert.Contains("--lora-merge needs --lora", result.Error);
    }
}

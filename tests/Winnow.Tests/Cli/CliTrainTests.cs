using System.Text.Json;
using Winnow.Models;

namespace Winnow.Tests.Cli;

public sealed class CliTrainTests : IDisposable
{
    private readonly string _dir = Directory.CreateTempSubdirectory("winnow-train-").FullName;

    public void Dispose() => Directory.Delete(_dir, recursive: true);

    [SharedFact]
    public void TrainLmWritesAModelFolderTheEngineLoads()
    {
        var data = Path.Combine(_dir, "rows.json");
        File.WriteAllText(data, JsonSerializer.Serialize(Enumerable.Range(0, 4).Select(i => new { instruction = $"Count to {i + 2}.", input = "", output = string.Join(", ", Enumerable.Range(1, i + 2)) })));
        var output = Path.Combine(_dir, "tuned");
        var result = CliRunner.Run("train", "lm", "-m", TestPaths.Fixture("gpt2-tiny"), "--data", data, "--template", "alpaca", "-o", output,
            "--batch-rows", "2", "--lr", "1e-3", "--max-length", "64", "--threads", "2");
        Assert.True(result.ExitCode == 0, result.Error);
        Assert.Contains("4 training rows", result.Output);
        Assert.Contains("step 2/2", result.Output);
        var lm = CausalLM.Load(output);
        Assert.Equal(50257, lm.VocabSize);
        Assert.True(File.Exists(Path.Combine(output, "tokenizer.json")));
    }

    [SharedFact]
    public void AnUnknownScheduleIsAUsageError()
    {
        var data = Path.Combine(_dir, "rows.json");
        File.WriteAllText(data, "[{\"instruction\":\"a\",\"output\":\"b\"}]");
        var result = CliRunner.Run("train", "lm", "-m", TestPaths.Fixture("gpt2-tiny"), "--data", data, "-o", Path.Combine(_dir, "x"), "--schedule", "steep");
        Assert.Equal(2, result.ExitCode);
        Assert.Contains("schedule 'steep'", result.Error);
    }
}

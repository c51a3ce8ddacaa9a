using System.Globalization;
using System.Text.Json;

namespace Winnow.Tests.Cli;

/// <summary><c>winnow train iqs</c> and <c>winnow train scar</c> end to end on the xlmr-tiny fixture encoder.</summary>
public sealed class CliTrainEncoderTests : IDisposable
{
    private readonly string _dir = Directory.CreateTempSubdirectory("winnow-train-encoder-").FullName;

    public void Dispose() => Directory.Delete(_dir, recursive: true);

    [SharedFact]
    public void TrainIqsFrozenLowersValidationMseAndCarIqsScoresWithTheFolder()
    {
        var (train, valid) = Training.Iqs.IqsTrainerTests.Rows();
        var trainPath = WriteCsv("train.csv", train);
        var validPath = WriteCsv("valid.csv", valid);
        var output = Path.Combine(_dir, "iqs");
        var result = CliRunner.Run("train", "iqs", "--train", trainPath, "--valid", validPath, "--encoder", TestPaths.Fixture("xlmr-tiny"), "-o", output,
            "--freeze-encoder", "--hidden-sizes", "16", "--head-lr", "1e-2", "--epochs", "6", "--batch-rows", "8", "--patience", "6", "--threads", "2");
        Assert.True(result.ExitCode == 0, result.Error);
        Assert.Contains("32 training rows, 8 validation rows; encoder frozen", result.Output);
        using var record = JsonDocument.Parse(File.ReadAllText(Path.Combine(output, "training.json")));
        var initial = record.RootElement.GetProperty("initial_valid_mse").GetDouble();
        var best = record.RootElement.GetProperty("best_valid_mse").GetDouble();
        Assert.True(best < initial, $"valid MSE {initial} → {best}");

        var rows = Path.Combine(_dir, "rows.jsonl");
        File.WriteAllLines(rows, ["{\"instruction\":\"Write about rain.\",\"input\":\"\",\"output\":\"An excellent clear answer about rain.\"}"]);
        var scored = CliRunner.Run("score", rows, "--scorer", "car.iqs", "--param", $"model={output}", "-o", Path.Combine(_dir, "scores.jsonl"));
        Assert.True(scored.ExitCode == 0, scored.Error);
        Assert.Contains("\"iqs\"", File.ReadAllText(Path.Combine(_dir, "scores.jsonl")));
    }

    [SharedFact]
    public void TrainScarWritesAFolderTheScarScorerLoads()
    {
        var lines = new List<string> { "src,pos,neg" };
        for (var i = 0; i < 10; i++)
            lines.Add($"\"Instruction: Tell me about topic {i}.\",\"Response: An excellent clear answer about topic {i}.\",\"Response: Awful muddled words\\non topic {i}.\"");
        var trainPath = Path.Combine(_dir, "pairs.csv");
        File.WriteAllLines(trainPath, lines.Take(8));
        var validPath = Path.Combine(_dir, "valid.csv");
        File.WriteAllLines(validPath, lines.Take(1).Concat(lines.Skip(8)));
        var output = Path.Combine(_dir, "scar");
        var result = CliRunner.Run("train", "scar", "--pairs", trainPath, "--valid", validPath, "--encoder", TestPaths.Fixture("xlmr-tiny"), "-o", output,
            "--epochs", "2", "--batch-pairs", "4", "--lr", "1e-3", "--linear-dim", "8", "--threads", "2");
        Assert.True(result.ExitCode == 0, result.Error);
        Assert.Contains("7 training pairs, 3 validation pairs", result.Output);
        var scorer = Winnow.Pipeline.Catalog.Scorers.Create("scar", new Parameters(new Dictionary<string, string> { ["model"] = output }, "scar"));
        Assert.Equal("pooler", scorer.Settings["sequence_vector"]);
        Assert.Equal("8", scorer.Settings["linear_dim"]);
    }

    private string WriteCsv(string name, IEnumerable<Winnow.Training.Iqs.ScoredText> rows)
    {
        var path = Path.Combine(_dir, name);
        File.WriteAllLines(path, new[] { "src,score" }.Concat(rows.Select(r => $"\"{r.Text.Replace("\"", "\"\"")}\",{r.Score.ToString(CultureInfo.InvariantCulture)}")));
        return path;
    }
}

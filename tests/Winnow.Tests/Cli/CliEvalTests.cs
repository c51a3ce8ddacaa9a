using System.Text.Json;

namespace Winnow.Tests.Cli;

public sealed class CliEvalTests : IDisposable
{
    private readonly string _dir = Directory.CreateTempSubdirectory("winnow-eval-").FullName;

    public void Dispose() => Directory.Delete(_dir, recursive: true);

    [Fact]
    public void Eval_pairs_prints_the_length_reference_then_each_scorer_and_writes_json()
    {
        var pairs = Path.Combine(_dir, "p.csv");
        File.WriteAllText(pairs, "src,pos,neg\nInstruction: Q1,Response: a long good answer,Response: short\nInstruction: Q2,Response: ok,Response: much longer answer\n");
        var json = Path.Combine(_dir, "e.json");
        var result = CliRunner.Run("eval", "pairs", "--pairs", pairs, "-s", "lexical.length.length_words", "--json", json);
        Assert.Equal(0, result.ExitCode);
        var lines = result.Output.Split('\n');
        Assert.Contains("2 pairs, 1 where the preferred response is not longer", lines[0]);
        Assert.StartsWith("length (characters, reference)  50.00 %", lines[2]);
        Assert.StartsWith("lexical.length.length_words", lines[3]);
        var rows = JsonDocument.Parse(File.ReadAllText(json)).RootElement;
        Assert.Equal(0.0, rows[1].GetProperty("not_longer").GetDouble());
    }

    [Fact]
    public async Task Eval_pairs_compares_an_llm_judge_on_the_same_pairs()
    {
        await using var server = await Scoring.Judge.CannedChat.Start((user, _) => new Scoring.Judge.CannedChat.Answer(200,
            user.Contains("Response: a long good answer", StringComparison.Ordinal) ? "5\nright"
            : user.Contains("Response: ok", StringComparison.Ordinal) ? "4\nfine"
            : user.Contains("Response: garbled", StringComparison.Ordinal) ? "no idea"
            : "1\nwrong"));
        var pairs = Path.Combine(_dir, "judge.csv");
        File.WriteAllText(pairs, "src,pos,neg\nInstruction: Q1,Response: a long good answer,Response: short\nInstruction: Q2,Response: ok,Response: much longer answer\nInstruction: Q3,Response: garbled,Response: x\n");
        var result = CliRunner.Run("eval", "pairs", "--pairs", pairs, "-s", "llm-judge", "--param", $"llm-judge:server={server.Address}");
        Assert.Equal(0, result.ExitCode);
        var judge = result.Output.Split('\n').Single(l => l.StartsWith("llm-judge", StringComparison.Ordinal));
        Assert.Contains("100.00 %", judge);
        Assert.EndsWith(" 1", judge.TrimEnd());
        Assert.Equal(7, server.Calls); // a start-up probe, then both sides of three pairs
    }

    [Fact]
    public void Eval_pairs_rejects_parameters_for_a_scorer_not_evaluated() =>
        Assert.Equal(2, CliRunner.Run("eval", "pairs", "--pairs", "x.csv", "-s", "lexical.mtld", "--param", "quality:model=x").ExitCode);
}

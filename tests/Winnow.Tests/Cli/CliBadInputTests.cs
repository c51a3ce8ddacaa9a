using System.Text;
using System.Text.Json;

namespace Winnow.Tests.Cli;

/// <summary>
/// The bad-input cases of issue 2 through the whole CLI: each is reported with file, line, field and
/// expectation; --on-error fail stops with exit 1, --on-error skip writes every bad row with its reason.
/// </summary>
public sealed class CliBadInputTests : IDisposable
{
    private readonly string _dir = Directory.CreateTempSubdirectory("winnow-bad-").FullName;

    public void Dispose() => Directory.Delete(_dir, recursive: true);

    /// <summary>Good rows on odd lines, one bad row of each kind on the even lines (line number → expected words).</summary>
    private (string Path, Dictionary<int, string[]> Bad) WriteFile()
    {
        var bad = new Dictionary<int, string[]>();
        var lines = new List<byte[]>();
        void Good() => lines.Add(Encoding.UTF8.GetBytes(JsonSerializer.Serialize(new { instruction = $"Say something {lines.Count}", output = $"Here is answer number {lines.Count} with some words." })));
        void Bad(string text, params string[] expected)
        {
            lines.Add(Encoding.UTF8.GetBytes(text));
            bad[lines.Count] = expected;
        }
        Good();
        Bad("{\"instruction\": \"x\", \"output\": ", "JSON");
        Good();
        Bad("{\"instruction\": \"a missing output\"}", "output");
        Good();
        Bad("{\"instruction\": \"empty output\", \"output\": \"\"}", "output", "empty");
        Good();
        Bad("{\"instruction\": \"wrong type\", \"output\": 5}", "output", "string");
        Good();
        lines.Add([.. "{\"instruction\": \"bad bytes \""u8, .. "x"u8, 0xFF, 0xFE, .. "\", \"output\": \"ok\"}"u8]);
        bad[lines.Count] = ["UTF-8"];
        Good();
        Bad("{\"instruction\": \"big\", \"output\": \"" + new string('z', 3 * 1024 * 1024) + "\"}", "limit");
        Good();
        Bad("{\"id\": \"r1\", \"instruction\": \"first\", \"output\": \"fine\"}");
        bad.Remove(lines.Count);
        Bad("{\"id\": \"r1\", \"instruction\": \"again\", \"output\": \"fine too\"}", "id");
        Good();
        var path = Path.Combine(_dir, "bad.jsonl");
        File.WriteAllBytes(path, lines.SelectMany(l => l.Concat("\n"u8.ToArray())).ToArray());
        return (path, bad);
    }

    [Fact]
    public void FailStopsAtTheFirstBadRowNamingFileLineAndField()
    {
        var (path, _) = WriteFile();
        var result = CliRunner.Run("select", path, "-n", "3", "-o", Path.Combine(_dir, "out.jsonl"), "--recipe", CliRunner.TopKRecipe(_dir), "--max-row-mb", "2");
        Assert.Equal(1, result.ExitCode);
        Assert.Contains("bad.jsonl:2", result.Error);
        Assert.Contains("--on-error skip", result.Error);
        Assert.False(File.Exists(Path.Combine(_dir, "out.jsonl")));
    }

    [Fact]
    public void SkipWritesEveryBadRowWithItsReasonAndSelectsOnlyGoodRows()
    {
        var (path, bad) = WriteFile();
        var output = Path.Combine(_dir, "out.jsonl");
        var result = CliRunner.Run("select", path, "-n", "100", "-o", output, "--recipe", CliRunner.TopKRecipe(_dir), "--on-error", "skip", "--max-row-mb", "2");
        Assert.Equal(0, result.ExitCode);
        var rejects = File.ReadAllLines(output + ".rejects.jsonl").Select(l => JsonDocument.Parse(l).RootElement).ToList();
        Assert.Equal(bad.Count, rejects.Count);
        foreach (var reject in rejects)
        {
            var line = reject.GetProperty("line").GetInt32();
            var text = reject.GetRawText();
            Assert.True(bad.ContainsKey(line), $"unexpected reject on line {line}: {text}");
            foreach (var word in bad[line])
                Assert.Contains(word, text, StringComparison.OrdinalIgnoreCase);
        }
        var selected = File.ReadAllLines(output);
        Assert.Equal(9, selected.Length);
        Assert.All(selected, l => Assert.Contains("answer number", l.Contains("first") ? "answer number" : l));
    }
}

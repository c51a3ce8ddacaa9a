using System.Text.Json;

namespace Winnow.Tests.Cli;

/// <summary>The same pool as JSONL, JSON, Parquet and Arrow: the same selection, written back in each input's layout.</summary>
public sealed class CliFormatsTests : IDisposable
{
    private readonly string _dir = Directory.CreateTempSubdirectory("winnow-formats-").FullName;

    // Non-ASCII text unescaped, as a typed file's rows are rendered back, so the JSONL bytes compare exactly.
    private static readonly JsonSerializerOptions Canonical = new() { Encoder = System.Text.Encodings.Web.JavaScriptEncoder.UnsafeRelaxedJsonEscaping };

    public void Dispose() => Directory.Delete(_dir, recursive: true);

    private string File(string name) => Path.Combine(_dir, name);

    private string Pool()
    {
        var random = new Random(5);
        var words = "data model answer question explain write short long café 😀 reason list because".Split(' ');
        string Text(int n) => string.Join(' ', Enumerable.Range(0, n).Select(_ => words[random.Next(words.Length)]));
        var lines = Enumerable.Range(0, 120).Select(i => JsonSerializer.Serialize(new { instruction = $"{i}: " + Text(6), input = i % 3 == 0 ? Text(4) : "", output = Text(5 + random.Next(40)), n = i }, Canonical));
        var path = File("pool.jsonl");
        System.IO.File.WriteAllText(path, string.Join("\n", lines) + "\n");
        return path;
    }

    [Fact]
    public void SelectionIsTheSameWhateverTheLayoutAndEachOutputKeepsItsLayout()
    {
        var jsonl = Pool();
        var recipe = CliRunner.TopKRecipe(_dir);
        string[] layouts = ["jsonl", "json", "parquet", "arrow", "feather"];
        foreach (var layout in layouts.Skip(1))
            Assert.Equal(0, CliRunner.Run("convert", "data", jsonl, "-o", File("pool." + layout)).ExitCode);

        foreach (var layout in layouts)
        {
            var result = CliRunner.Run("select", File("pool." + layout), "-n", "10%", "-o", File("out." + layout), "--recipe", recipe);
            Assert.True(result.ExitCode == 0, result.Error);
        }

        var decisions = System.IO.File.ReadAllBytes(File("out.jsonl.decisions.jsonl"));
        foreach (var layout in layouts.Skip(1))
        {
            Assert.Equal(decisions, System.IO.File.ReadAllBytes(File($"out.{layout}.decisions.jsonl")));
            Assert.Equal(0, CliRunner.Run("convert", "data", File("out." + layout), "-o", File($"back-{layout}.jsonl")).ExitCode);
            Assert.Equal(System.IO.File.ReadAllText(File("out.jsonl")), System.IO.File.ReadAllText(File($"back-{layout}.jsonl")));
        }
        var inputLines = System.IO.File.ReadAllLines(jsonl).ToHashSet();
        var chosen = System.IO.File.ReadAllLines(File("out.jsonl"));
        Assert.Equal(12, chosen.Length);
        Assert.All(chosen, line => Assert.Contains(line, inputLines));
    }

    [Fact]
    public void SelectToAnotherLayoutOnlyWhenAsked()
    {
        var jsonl = Pool();
        var result = CliRunner.Run("select", jsonl, "-n", "5", "-o", File("out.parquet"), "--to", "parquet", "--recipe", CliRunner.TopKRecipe(_dir));

        Assert.True(result.ExitCode == 0, result.Error);
        Assert.Equal("PAR1", System.Text.Encoding.ASCII.GetString(System.IO.File.ReadAllBytes(File("out.parquet"))[..4]));
    }

    [Fact]
    public void MapNamesRoleValuesOnTheCommandLineAndConvertSkipsBadRowsIntoTheRejectsFile()
    {
        var chat = File("chat.jsonl");
        System.IO.File.WriteAllText(chat, """
            {"messages":[{"role":"user","content":"Name a colour."},{"role":"bot","content":"Blue."}]}
            {"messages":[{"role":"user","content":"Name a fruit."},{"role":"bot","content":"Apple."}]}
            not json

            """);
        var converted = File("chat.parquet");

        var failed = CliRunner.Run("convert", "data", chat, "-o", converted);
        var skipped = CliRunner.Run("convert", "data", chat, "-o", converted, "--on-error", "skip");
        var unmapped = CliRunner.Run("select", converted, "-n", "1", "-o", File("unmapped.jsonl"), "--recipe", CliRunner.TopKRecipe(_dir));
        var mapped = CliRunner.Run("select", converted, "-n", "1", "-o", File("mapped.jsonl"), "--recipe", CliRunner.TopKRecipe(_dir), "--map", "role.assistant=bot");

        Assert.Equal(1, failed.ExitCode);
        Assert.Contains("line 3", failed.Error, StringComparison.Ordinal);
        Assert.Equal(0, skipped.ExitCode);
        var reject = JsonDocument.Parse(Assert.Single(System.IO.File.ReadAllLines(converted + ".rejects.jsonl"))).RootElement;
        Assert.Equal(3, reject.GetProperty("line").GetInt64());
        Assert.Contains("malformed JSON", reject.GetProperty("reason").GetString(), StringComparison.Ordinal);
        Assert.Equal(1, unmapped.ExitCode);
        Assert.Contains("unknown role 'bot'", unmapped.Error, StringComparison.Ordinal);
        Assert.Contains("--map role.user=bot, role.assistant=bot", unmapped.Error, StringComparison.Ordinal);
        Assert.True(mapped.ExitCode == 0, mapped.Error);
    }
}

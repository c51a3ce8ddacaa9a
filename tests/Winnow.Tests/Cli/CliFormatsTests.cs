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
}

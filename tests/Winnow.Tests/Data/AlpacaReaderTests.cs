using Winnow.Data;

namespace Winnow.Tests.Data;

public class AlpacaReaderTests
{
    private const string Array = """
        [
          {"instruction": "Add the numbers", "input": "2 and 3", "output": "5"},
          {"instruction": "Say hi", "output": "Hi", "source": "demo", "score": 0.5},
          {"instruction": "Name a color", "input": "", "output": "Blue"}
        ]
        """;

    [Fact]
    public void ReadsAJsonArrayWithOptionalInput()
    {
        using var dir = new TempDir();
        var samples = TempDir.Samples(dir.Write("a.json", Array));

        Assert.Equal(3, samples.Count);
        var first = samples[0];
        Assert.Equal(0, first.Index);
        Assert.Equal(("Add the numbers", "2 and 3", "5"), (first.Instruction, first.Input, first.Response));
        Assert.Equal([new Turn(Role.User, "Add the numbers\n\n2 and 3"), new Turn(Role.Assistant, "5")], first.Turns);
        Assert.Equal("", samples[1].Input);
        Assert.Equal([new Turn(Role.User, "Say hi"), new Turn(Role.Assistant, "Hi")], samples[1].Turns);
        Assert.Equal(new Sample(2, [new Turn(Role.User, "Name a color"), new Turn(Role.Assistant, "Blue")], "Name a color", "", "Blue").Id, samples[2].Id);
    }

    [Fact]
    public void ReadsJsonLinesWithLineNumbersAndSkipsBlankLines()
    {
        using var dir = new TempDir();
        var path = dir.Write("a.jsonl", "{\"instruction\":\"a\",\"output\":\"b\"}\r\n\n  {\"instruction\":\"c\",\"input\":null,\"output\":\"d\"}  \n");
        var rows = TempDir.ReadAll(path);

        Assert.Equal([(0L, 1L), (1L, 3L)], rows.Select(r => (r.Index, r.Line)));
        Assert.Equal(["b", "d"], rows.Select(r => r.Sample!.Response));
        Assert.Equal("", rows[1].Sample!.Input);
    }

    [Theory]
    [InlineData("a.json.gz")]
    [InlineData("compressed-without-extension.json")]
    public void ReadsGzipByMagicBytes(string name)
    {
        using var dir = new TempDir();
        var path = dir.File(name);
        using (var gzip = new System.IO.Compression.GZipStream(File.Create(path), System.IO.Compression.CompressionLevel.Fastest))
            gzip.Write(System.Text.Encoding.UTF8.GetBytes(Array));

        Assert.Equal(3, TempDir.Samples(path).Count);
        Assert.True(DatasetReader.Detect(path).Gzip);
    }

    [Fact]
    public void StreamsAnArrayLargerThanTheBufferAcrossChunkBoundaries()
    {
        using var dir = new TempDir();
        // Long strings with escaped quotes and backslashes make element ends land at every offset of the 256 KiB buffer.
        var rows = Enumerable.Range(0, 1500).Select(i => $"{{\"instruction\": \"q{i} \\\"x\\\\\", \"output\": \"{new string('a', i % 997)}\\\\\"}}");
        var path = dir.Write("big.json", "[\n" + string.Join(",\n", rows) + "\n]");

        var samples = TempDir.Samples(path);
        Assert.Equal(1500, samples.Count);
        Assert.Equal("q1499 \"x\\", samples[1499].Instruction);
        Assert.Equal(new string('a', 1499 % 997) + "\\", samples[1499].Response);
        Assert.Equal(2 + 1499, TempDir.ReadAll(path)[1499].Line);
    }
}

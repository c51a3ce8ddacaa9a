using Winnow.Data;
using Winnow.Pipeline;

namespace Winnow.Tests.Data;

public class ConvertTests
{
    private const string Rows = """
        {"instruction":"a","input":"","output":"b","n":1}
        {"instruction":"c","input":"d","output":"e","n":2}

        """;

    [Theory]
    [InlineData(DatasetLayout.Parquet, "x.parquet")]
    [InlineData(DatasetLayout.ArrowStream, "x.arrow")]
    [InlineData(DatasetLayout.ArrowFile, "x.feather")]
    [InlineData(DatasetLayout.JsonArray, "x.json")]
    public void JsonLinesThroughEveryLayoutAndBackIsByteIdentical(DatasetLayout layout, string name)
    {
        using var dir = new TempDir();
        var jsonl = dir.Write("in.jsonl", Rows);
        var middle = dir.File(name);
        var back = dir.File("back.jsonl");

        Assert.Equal(2, DatasetConverter.Convert(DatasetPool.Of(jsonl), middle, layout).Rows);
        DatasetConverter.Convert(DatasetPool.Of(middle), back, DatasetLayout.JsonLines);

        Assert.Equal(Rows, File.ReadAllText(back));
        Assert.Equal(TempDir.Samples(jsonl).Select(s => s.Id), TempDir.Samples(middle).Select(s => s.Id));
    }

    [Fact]
    public void ShardsWithDifferentSchemasAreAnErrorNamingTheShard()
    {
        using var dir = new TempDir();
        Directory.CreateDirectory(dir.File("ds/data"));
        DatasetConverter.Convert(DatasetPool.Of(dir.Write("a.jsonl", """{"instruction":"a","output":"b"}""")), dir.File("ds/data/train-0.parquet"), DatasetLayout.Parquet);
        DatasetConverter.Convert(DatasetPool.Of(dir.Write("b.jsonl", """{"instruction":"a","output":"b","extra":1}""")), dir.File("ds/data/train-1.parquet"), DatasetLayout.Parquet);

        var error = Assert.Throws<DatasetFormatException>(() => DatasetPool.Resolve([dir.File("ds")], "train"));

        Assert.Contains("train-1.parquet", error.Message);
        Assert.Contains("schema differs from the first shard train-0.parquet", error.Message);
    }

    private const string Messy = """
        {"instruction":"a","output":"b","n":1}
        {"instruction":"c","output":
        [1,2]
        {"instruction":"d","output":"e","n":"three"}
        {"instruction":"f","output":"g","n":2.5}

        """;

    [Theory]
    [InlineData(DatasetLayout.JsonLines, "x.jsonl", 2)]
    [InlineData(DatasetLayout.Parquet, "x.parquet", 3)]
    [InlineData(DatasetLayout.ArrowStream, "x.arrow", 3)]
    public void SkipLeavesOutBadRowsWithTheirReasonsAndKeepsTheRest(DatasetLayout layout, string name, int rejectedCount)
    {
        using var dir = new TempDir();
        var input = dir.Write("messy.jsonl", Messy);
        var output = dir.File(name);

        var result = DatasetConverter.Convert(DatasetPool.Of(input), output, layout, onError: OnErrorPolicy.Skip);

        Assert.Equal(rejectedCount, result.Rejected.Count);
        Assert.Equal(5 - rejectedCount, result.Rows);
        Assert.Equal([2L, 3L], result.Rejected.Take(2).Select(r => r.Line));
        Assert.Contains("malformed JSON", result.Rejected[0].Message, StringComparison.Ordinal);
        Assert.Contains("expected a JSON object", result.Rejected[1].Message, StringComparison.Ordinal);
        Assert.All(result.Rejected, r => Assert.Equal(input, r.File));
        if (layout != DatasetLayout.JsonLines)
        {
            // The first good row fixed n as a number column: the string "three" cannot join it; 2.5 widens it.
            Assert.Equal(4, result.Rejected[2].Line);
            Assert.Contains("'n'", result.Rejected[2].Message, StringComparison.Ordinal);
            Assert.Contains("\"three\"", result.Rejected[2].RawText, StringComparison.Ordinal);
        }
        var back = dir.File("back.jsonl");
        DatasetConverter.Convert(DatasetPool.Of(output), back, DatasetLayout.JsonLines);
        var expected = layout == DatasetLayout.JsonLines
            ? "{\"instruction\":\"a\",\"output\":\"b\",\"n\":1}\n{\"instruction\":\"d\",\"output\":\"e\",\"n\":\"three\"}\n{\"instruction\":\"f\",\"output\":\"g\",\"n\":2.5}\n"
            : "{\"instruction\":\"a\",\"output\":\"b\",\"n\":1}\n{\"instruction\":\"f\",\"output\":\"g\",\"n\":2.5}\n";
        Assert.Equal(expected, File.ReadAllText(back));
    }

    [Fact]
    public void FailStopsAtTheFirstBadRowNamingFileAndLineAndWritesNothing()
    {
        using var dir = new TempDir();
        var input = dir.Write("messy.jsonl", Messy);
        var output = dir.File("x.parquet");

        var error = Assert.Throws<BadRowException>(() => DatasetConverter.Convert(DatasetPool.Of(input), output, DatasetLayout.Parquet));

        Assert.Equal(2, error.Error.Line);
        Assert.Contains("messy.jsonl", error.Message, StringComparison.Ordinal);
        Assert.False(File.Exists(output));
    }
}

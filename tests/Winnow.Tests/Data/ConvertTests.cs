using Winnow.Data;

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

        Assert.Equal(2, DatasetConverter.Convert(DatasetPool.Of(jsonl), middle, layout));
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
}

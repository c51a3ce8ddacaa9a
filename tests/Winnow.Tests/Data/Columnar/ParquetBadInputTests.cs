using Parquet.Schema;
using Winnow.Data;
using Winnow.Tests.Data;

namespace Winnow.Tests.Data.Columnar;

public class ParquetBadInputTests
{
    private static string Good(TempDir dir) => ParquetFiles.Write(dir.File("good.parquet"), ParquetFiles.Alpaca,
        Enumerable.Range(0, 5).Select(i => ParquetFiles.AlpacaRow($"q{i}", null, $"a{i}", i)).ToList());

    [Fact]
    public void TruncatedFooterNamesTheFile()
    {
        using var dir = new TempDir();
        var bytes = File.ReadAllBytes(Good(dir));
        var cut = dir.Write("cut.parquet", bytes[..^20]);

        var error = Assert.Throws<DatasetFormatException>(() => TempDir.ReadAll(cut));

        Assert.Contains("cut.parquet", error.Message);
        Assert.Contains("not a readable Parquet file", error.Message);
    }

    [Fact]
    public void CorruptFooterNamesTheFile()
    {
        using var dir = new TempDir();
        var bytes = File.ReadAllBytes(Good(dir));
        var footerLength = BitConverter.ToInt32(bytes, bytes.Length - 8);
        for (var i = bytes.Length - 8 - footerLength; i < bytes.Length - 8; i++)
            bytes[i] = 0xAB;
        var bad = dir.Write("bad.parquet", bytes);

        var error = Assert.Throws<DatasetFormatException>(() => TempDir.ReadAll(bad));
        Assert.Contains("bad.parquet", error.Message);
    }

    [Fact]
    public void WrongMagicAtTheEndIsNotParquet()
    {
        using var dir = new TempDir();
        var bytes = File.ReadAllBytes(Good(dir));
        bytes[^1] = (byte)'X';
        var bad = dir.Write("magic.parquet", bytes);

        var error = Assert.Throws<DatasetFormatException>(() => TempDir.ReadAll(bad));
        Assert.Contains("magic.parquet", error.Message);
        Assert.Contains("PAR1", error.Message);
    }

    [Fact]
    public void ColumnOfTheWrongTypeIsARowErrorNamingRowGroupRowAndColumn()
    {
        using var dir = new TempDir();
        var schema = new ParquetSchema(new DataField<long>("instruction"), new DataField<string>("output"));
        var path = ParquetFiles.Write(dir.File("typed.parquet"), schema,
            [new() { ["instruction"] = 1L, ["output"] = "a" }, new() { ["instruction"] = 2L, ["output"] = "b" }, new() { ["instruction"] = 3L, ["output"] = "c" }]);

        var errors = TempDir.ReadAll(path).Select(r => r.Error!).ToList();

        Assert.Equal(3, errors.Count);
        Assert.Equal("instruction", errors[2].Field);
        Assert.Equal("typed.parquet: row group 1, row 2: row 2, field 'instruction': instruction must be a string, found a number",
            errors[2].ToString().Replace(dir.Path + "/", ""));
    }

    [Fact]
    public void NestedFieldThatIsNotAListOfStructsIsARowError()
    {
        using var dir = new TempDir();
        var schema = new ParquetSchema(new ListField("conversations", new DataField<string>("element")));
        var path = ParquetFiles.Write(dir.File("flat.parquet"), schema,
            [new() { ["conversations"] = new List<ReadOnlyMemory<char>?> { "hi".AsMemory(), "there".AsMemory() } }]);

        var error = TempDir.SingleError(path);

        Assert.Equal("conversations[0]", error.Field);
        Assert.Contains("must be an object with 'from' and 'value', found a string", error.Message);
        Assert.Equal("row group 0, row 0", error.Where);
    }
}

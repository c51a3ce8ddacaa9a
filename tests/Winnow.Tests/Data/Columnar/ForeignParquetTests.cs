using DuckDB.NET.Data;
using ParquetSharp;
using Winnow.Data;
using Winnow.Tests.Data;

namespace Winnow.Tests.Data.Columnar;

/// <summary>Parquet written by other writers: Apache's C++ writer (through ParquetSharp, as pyarrow uses it) and DuckDB.</summary>
public class ForeignParquetTests
{
    [Theory]
    [InlineData(Compression.Snappy)]
    [InlineData(Compression.Zstd)]
    [InlineData(Compression.Gzip)]
    [InlineData(Compression.Uncompressed)]
    public void ApacheCppWriterWithNullableColumnsAndCodecs(Compression codec)
    {
        using var dir = new TempDir();
        var path = dir.File("cpp.parquet");
        using (var file = new ParquetFileWriter(path, [new Column<string>("instruction"), new Column<string?>("input"), new Column<string>("output"), new Column<double?>("score")], codec))
        {
            using var group = file.AppendRowGroup();
            using (var w = group.NextColumn().LogicalWriter<string>())
                w.WriteBatch(["Say hi", "Add", "Ünïcode ✓"]);
            using (var w = group.NextColumn().LogicalWriter<string?>())
                w.WriteBatch([null, "2 and 3", ""]);
            using (var w = group.NextColumn().LogicalWriter<string>())
                w.WriteBatch(["hi", "5", "ok"]);
            using (var w = group.NextColumn().LogicalWriter<double?>())
                w.WriteBatch([0.5, null, double.NaN]);
            file.Close();
        }

        var samples = TempDir.Samples(path);

        Assert.Equal(["Say hi", "Add", "Ünïcode ✓"], samples.Select(s => s.Instruction));
        Assert.Equal(["", "2 and 3", ""], samples.Select(s => s.Input));
        Assert.Equal(["hi", "5", "ok"], samples.Select(s => s.Response));
        var jsonl = dir.Write("same.jsonl", """
            {"instruction":"Say hi","input":null,"output":"hi"}
            {"instruction":"Add","input":"2 and 3","output":"5"}
            {"instruction":"Ünïcode ✓","input":"","output":"ok"}
            """);
        Assert.Equal(TempDir.Samples(jsonl).Select(s => s.Id), samples.Select(s => s.Id));
    }

    [Fact]
    public void DuckDbListOfStructsMessagesWithZstd()
    {
        using var dir = new TempDir();
        var path = dir.File("duck.parquet");
        using (var connection = new DuckDBConnection("Data Source=:memory:"))
        {
            connection.Open();
            using var command = connection.CreateCommand();
            command.CommandText = $$"""
                COPY (SELECT * FROM (VALUES
                    (1, [{'role': 'user', 'content': 'What is 2+2?'}, {'role': 'assistant', 'content': '4'}]),
                    (2, [{'role': 'system', 'content': 'Terse.'}, {'role': 'user', 'content': 'Capital of France?'}, {'role': 'assistant', 'content': 'Paris'}]),
                    (3, NULL)
                ) AS t(id, messages)) TO '{{path}}' (FORMAT parquet, COMPRESSION zstd, ROW_GROUP_SIZE 2)
                """;
            command.ExecuteNonQuery();
        }

        var rows = TempDir.ReadAll(path);

        Assert.Equal(("What is 2+2?", "4"), (rows[0].Sample!.Instruction, rows[0].Sample!.Response));
        Assert.Equal(3, rows[1].Sample!.Turns.Count);
        Assert.Equal("messages", rows[2].Error!.Field);
        Assert.Contains("messages must be an array of messages, found null", rows[2].Error!.Message);
    }

    [Fact]
    public void ApacheCppWriterRequiredColumnsAndListsOfRequiredElementsKeepEmptyAndNullLists()
    {
        using var dir = new TempDir();
        var path = dir.File("lists.parquet");
        using (var file = new ParquetFileWriter(path, [new Column<string>("instruction"), new Column<string>("output"), new Column<int>("votes"), new Column<int[]>("ranks"), new Column<string?[]>("tags")]))
        {
            using var group = file.AppendRowGroup();
            using (var w = group.NextColumn().LogicalWriter<string>())
                w.WriteBatch(["a", "c", "e"]);
            using (var w = group.NextColumn().LogicalWriter<string>())
                w.WriteBatch(["b", "d", "f"]);
            using (var w = group.NextColumn().LogicalWriter<int>())
                w.WriteBatch([1, -2, 0]);
            using (var w = group.NextColumn().LogicalWriter<int[]>())
                w.WriteBatch([[3, 4], [], null!]);
            using (var w = group.NextColumn().LogicalWriter<string?[]>())
                w.WriteBatch([[], ["x", null], null!]);
            file.Close();
        }
        var back = dir.File("back.jsonl");

        DatasetConverter.Convert(DatasetPool.Of(path), back, DatasetLayout.JsonLines);

        Assert.Equal("""
            {"instruction":"a","output":"b","votes":1,"ranks":[3,4],"tags":[]}
            {"instruction":"c","output":"d","votes":-2,"ranks":[],"tags":["x",null]}
            {"instruction":"e","output":"f","votes":0,"ranks":null,"tags":null}

            """.ReplaceLineEndings("\n"), File.ReadAllText(back));
    }
}

using Parquet.Schema;
using Winnow.Data;
using Winnow.Tests.Data;

namespace Winnow.Tests.Data.Columnar;

public class ParquetReadWriteTests
{
    private static readonly Dictionary<string, object?>[] AlpacaRows =
    [
        ParquetFiles.AlpacaRow("Name a colour.", null, "Blue.", 3),
        ParquetFiles.AlpacaRow("Translate", "café → English", "coffee shop", null),
        ParquetFiles.AlpacaRow("Zürich 😀 is in", "", "Switzerland", 7),
    ];

    [Fact]
    public void ReadsEveryRowGroupWithTheSameIdsAsTheSameRowsInJsonLines()
    {
        using var dir = new TempDir();
        var parquet = ParquetFiles.Write(dir.File("in.parquet"), ParquetFiles.Alpaca, AlpacaRows, rowGroupSize: 2);
        var jsonl = dir.Write("in.jsonl", """
            {"instruction":"Name a colour.","input":null,"output":"Blue.","votes":3}
            {"instruction":"Translate","input":"café → English","output":"coffee shop","votes":null}
            {"instruction":"Zürich 😀 is in","input":"","output":"Switzerland","votes":7}
            """);

        var fromParquet = TempDir.Samples(parquet);

        Assert.Equal(TempDir.Samples(jsonl).Select(s => s.Id), fromParquet.Select(s => s.Id));
        Assert.Equal(["Name a colour.", "Translate", "Zürich 😀 is in"], fromParquet.Select(s => s.Instruction));
        Assert.Equal("café → English", fromParquet[1].Input);
        Assert.Equal(new DatasetShape(DatasetLayout.Parquet, DatasetFormat.Alpaca, false), DatasetReader.Detect(parquet));
    }

    [Fact]
    public void SelectionKeepsSchemaValuesAndTypes()
    {
        using var dir = new TempDir();
        var input = ParquetFiles.Write(dir.File("in.parquet"), ParquetFiles.Alpaca, AlpacaRows);
        var ids = TempDir.Samples(input).Select(s => s.Id).ToList();
        var output = dir.File("out.parquet");

        DatasetWriter.WriteSelectedIds(input, [ids[2], ids[0]], output);

        var (inSchema, inRows) = ParquetFiles.Read(input);
        var (outSchema, outRows) = ParquetFiles.Read(output);
        Assert.Equal(inSchema, outSchema);
        Assert.Equal(ParquetFiles.Describe([inRows[2], inRows[0]]), ParquetFiles.Describe(outRows));
        Assert.Contains("votes=Int64:7", ParquetFiles.Describe(outRows), StringComparison.Ordinal);
    }

    [Fact]
    public void ConversationsAsListOfStructsReadAndRoundTrip()
    {
        using var dir = new TempDir();
        var input = ParquetFiles.Write(dir.File("chat.parquet"), ParquetFiles.ShareGpt,
        [
            ParquetFiles.ShareGptRow("a", ("human", "Hi"), ("gpt", "Hello!"), ("human", "Bye"), ("gpt", "See you")),
            ParquetFiles.ShareGptRow("b", ("system", "Be brief."), ("user", "2+2?"), ("assistant", "4")),
        ]);

        var samples = TempDir.Samples(input);
        Assert.Equal([4, 3], samples.Select(s => s.Turns.Count));
        Assert.Equal(("2+2?", "4"), (samples[1].Instruction, samples[1].Response));

        var output = dir.File("out.parquet");
        DatasetWriter.WriteSelectedIds(input, [samples[1].Id], output);
        var (schema, rows) = ParquetFiles.Read(output);
        Assert.Equal(ParquetFiles.Read(input).Schema, schema);
        Assert.Equal(ParquetFiles.Describe([ParquetFiles.Read(input).Rows[1]]), ParquetFiles.Describe(rows));
    }

    [Fact]
    public void JsonToParquetAndBackKeepsEveryValue()
    {
        using var dir = new TempDir();
        const string Rows = """
            {"instruction":"a","input":"","output":"b","score":0.25,"n":3,"ok":true,"tags":["x","y"]}
            {"instruction":"c","input":"d","output":"e","score":1,"n":null,"ok":false,"tags":["z"]}
            """;
        var jsonl = dir.Write("in.jsonl", Rows);
        var parquet = dir.File("mid.parquet");
        var back = dir.File("back.jsonl");

        DatasetWriter.WriteSelectedIds([jsonl], TempDir.Samples(jsonl).Select(s => s.Id).ToList(), parquet, null, DatasetLayout.Parquet);
        DatasetWriter.WriteSelectedIds([parquet], TempDir.Samples(parquet).Select(s => s.Id).ToList(), back, null, DatasetLayout.JsonLines);

        Assert.Equal(TempDir.Samples(jsonl).Select(s => s.Id), TempDir.Samples(parquet).Select(s => s.Id));
        Assert.Equal("""
            {"instruction":"a","input":"","output":"b","score":0.25,"n":3,"ok":true,"tags":["x","y"]}
            {"instruction":"c","input":"d","output":"e","score":1,"n":null,"ok":false,"tags":["z"]}

            """.ReplaceLineEndings("\n"), File.ReadAllText(back));
    }

    [Theory]
    [InlineData(DatasetLayout.Parquet, "mid.parquet")]
    [InlineData(DatasetLayout.ArrowStream, "mid.arrows")]
    [InlineData(DatasetLayout.ArrowFile, "mid.arrow")]
    public void EmptyListsNullListsAndNullsInsideStayAsWrittenThroughJsonToTypedFileAndBack(DatasetLayout layout, string name)
    {
        using var dir = new TempDir();
        const string Rows = """
            {"instruction":"a","output":"b","tags":[],"turns":[{"role":"user","parts":[]}],"nums":[1,null,2],"meta":{"src":null,"n":1}}
            {"instruction":"c","output":"d","tags":null,"turns":[],"nums":[null],"meta":null}
            {"instruction":"e","output":"f","tags":["x",null],"turns":null,"nums":[],"meta":{"src":"s","n":null}}

            """;
        var jsonl = dir.Write("in.jsonl", Rows);
        var typed = dir.File(name);
        var back = dir.File("back.jsonl");

        DatasetWriter.WriteSelectedIds([jsonl], TempDir.Samples(jsonl).Select(s => s.Id).ToList(), typed, null, layout);
        DatasetWriter.WriteSelectedIds([typed], TempDir.Samples(typed).Select(s => s.Id).ToList(), back, null, DatasetLayout.JsonLines);

        Assert.Equal(Rows.ReplaceLineEndings("\n"), File.ReadAllText(back));
    }

    [Fact]
    public void EmptyListsAndNullsInAParquetInputKeepTheirValueAndTypeThroughSelection()
    {
        using var dir = new TempDir();
        var schema = new ParquetSchema(
            new DataField<string>("instruction"), new DataField<string>("output"),
            new ListField("tags", new DataField<string>("element")),
            new ListField("tools", new StructField("element", new DataField<string>("name"), new ListField("args", new DataField<long?>("element")))));
        static IDictionary<string, object?> Tool(string name, List<long?>? args) => new Dictionary<string, object?> { ["name"] = name, ["args"] = args };
        var input = ParquetFiles.Write(dir.File("tools.parquet"), schema,
        [
            new() { ["instruction"] = "a", ["output"] = "b", ["tags"] = new List<ReadOnlyMemory<char>?> { "x".AsMemory() }, ["tools"] = new List<IDictionary<string, object?>> { Tool("f", [1, null]) } },
            new() { ["instruction"] = "c", ["output"] = "d", ["tags"] = new List<ReadOnlyMemory<char>?>(), ["tools"] = new List<IDictionary<string, object?>> { Tool("g", []), Tool("h", null) } },
            new() { ["instruction"] = "e", ["output"] = "f", ["tags"] = null, ["tools"] = new List<IDictionary<string, object?>>() },
        ]);
        var output = dir.File("out.parquet");
        var back = dir.File("back.jsonl");

        DatasetWriter.WriteSelectedIds(input, TempDir.Samples(input).Select(s => s.Id).ToList(), output);
        DatasetWriter.WriteSelectedIds([output], TempDir.Samples(output).Select(s => s.Id).ToList(), back, null, DatasetLayout.JsonLines);

        Assert.Equal(ParquetFiles.Read(input).Schema, ParquetFiles.Read(output).Schema);
        Assert.Equal("""
            {"instruction":"a","output":"b","tags":["x"],"tools":[{"name":"f","args":[1,null]}]}
            {"instruction":"c","output":"d","tags":[],"tools":[{"name":"g","args":[]},{"name":"h","args":null}]}
            {"instruction":"e","output":"f","tags":null,"tools":[]}

            """.ReplaceLineEndings("\n"), File.ReadAllText(back));
        using var independent = new ParquetSharp.ParquetFileReader(output);
        using var tags = independent.RowGroup(0).Column(2).LogicalReader<string?[]?>();
        Assert.Equal(["1", "0", "null"], tags.ReadAll(3).Select(t => t is null ? "null" : t.Length.ToString(System.Globalization.CultureInfo.InvariantCulture)));
    }
}

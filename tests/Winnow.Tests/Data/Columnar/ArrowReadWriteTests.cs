using Apache.Arrow;
using Apache.Arrow.Ipc;
using Apache.Arrow.Types;
using Winnow.Data;
using Winnow.Tests.Data;

namespace Winnow.Tests.Data.Columnar;

public class ArrowReadWriteTests
{
    // Two ShareGPT rows with large string and large list columns, as datasets writes long text.
    private static RecordBatch Conversations()
    {
        var turn = new StructType([new Field("from", StringType.Default, true), new Field("value", LargeStringType.Default, true)]);
        var schema = new Schema([
            new Field("id", LargeStringType.Default, true),
            new Field("conversations", new LargeListType(new Field("item", turn, true)), true),
            new Field("score", FloatType.Default, true),
        ], null);
        var from = new StringArray.Builder().AppendRange(["human", "gpt", "human", "gpt", "system", "user", "assistant"]).Build();
        var value = new LargeStringArray.Builder().AppendRange(["Hi", "Hello!", "Bye", "See you", "Be brief.", "2+2?", "4"]).Build();
        var turns = new StructArray(turn, 7, [from, value], ArrowBuffer.Empty, 0);
        var offsets = new ArrowBuffer.Builder<long>().AppendRange([0, 4, 7]).Build();
        var lists = new LargeListArray(schema.FieldsList[1].DataType, 2, offsets, turns, ArrowBuffer.Empty, 0);
        var ids = new LargeStringArray.Builder().AppendRange(["a", "b"]).Build();
        var scores = new FloatArray.Builder().Append(0.1f).AppendNull().Build();
        return new RecordBatch(schema, [ids, lists, scores], 2);
    }

    private static string WriteArrow(string path, RecordBatch batch, bool file)
    {
        using var stream = File.Create(path);
        using ArrowStreamWriter writer = file ? new ArrowFileWriter(stream, batch.Schema) : new ArrowStreamWriter(stream, batch.Schema);
        writer.WriteRecordBatch(batch);
        writer.WriteEnd();
        return path;
    }

    private static (Schema Schema, List<RecordBatch> Batches) ReadArrow(string path)
    {
        using var stream = File.OpenRead(path);
        using var reader = RecordSources.Sniff(path) == DatasetLayout.ArrowFile ? new ArrowFileReader(stream) : new ArrowStreamReader(stream);
        var batches = new List<RecordBatch>();
        while (reader.ReadNextRecordBatch() is { } batch)
            batches.Add(batch);
        return (reader.Schema, batches);
    }

    [Theory]
    [InlineData(false, "data-00000-of-00001.arrow")]
    [InlineData(true, "table.feather")]
    public void LargeTypesReadAndSelectionKeepsSchemaAndValues(bool file, string name)
    {
        using var dir = new TempDir();
        var input = WriteArrow(dir.File(name), Conversations(), file);

        var samples = TempDir.Samples(input);
        Assert.Equal([4, 3], samples.Select(s => s.Turns.Count));
        Assert.Equal(("2+2?", "4"), (samples[1].Instruction, samples[1].Response));
        Assert.Equal(file ? DatasetLayout.ArrowFile : DatasetLayout.ArrowStream, DatasetReader.Detect(input).Layout);

        var output = dir.File("out-" + name);
        DatasetWriter.WriteSelectedIds(input, [samples[1].Id, samples[0].Id], output);

        var (schema, batches) = ReadArrow(output);
        Assert.Equal(ReadArrow(input).Schema.ToString(), schema.ToString());
        Assert.IsType<LargeListArray>(batches[0].Column(1));
        Assert.Equal(["b", "a"], Enumerable.Range(0, 2).Select(i => ((LargeStringArray)batches[0].Column(0)).GetString(i)));
        Assert.True(batches[0].Column(2).IsNull(0));
        Assert.Equal(0.1f, ((FloatArray)batches[0].Column(2)).GetValue(1));
        Assert.Equal([samples[1].ContentHash, samples[0].ContentHash], TempDir.Samples(output).Select(s => s.ContentHash));
    }

    [Fact]
    public void SameRowsHaveTheSameContentHashInJsonParquetAndArrow()
    {
        using var dir = new TempDir();
        var jsonl = dir.Write("in.jsonl", """
            {"id":"a","conversations":[{"from":"human","value":"Hi"},{"from":"gpt","value":"Hello!"},{"from":"human","value":"Bye"},{"from":"gpt","value":"See you"}],"score":0.1}
            {"id":"b","conversations":[{"from":"system","value":"Be brief."},{"from":"user","value":"2+2?"},{"from":"assistant","value":"4"}],"score":null}
            """);
        var arrow = WriteArrow(dir.File("in.arrow"), Conversations(), file: false);
        var parquet = dir.File("in.parquet");
        DatasetWriter.WriteSelectedIds([jsonl], TempDir.Samples(jsonl).Select(s => s.Id).ToList(), parquet, null, DatasetLayout.Parquet);

        var expected = TempDir.Samples(jsonl).Select(s => s.Id).ToList();
        Assert.Equal(expected, TempDir.Samples(arrow).Select(s => s.Id));
        Assert.Equal(expected, TempDir.Samples(parquet).Select(s => s.Id));
    }

    [Fact]
    public void TruncatedStreamNamesTheRecordBatch()
    {
        using var dir = new TempDir();
        var bytes = File.ReadAllBytes(WriteArrow(dir.File("whole.arrow"), Conversations(), file: false));
        var cut = dir.Write("cut.arrow", bytes[..(bytes.Length - 60)]);

        var error = Assert.Throws<DatasetFormatException>(() => TempDir.ReadAll(cut));

        Assert.Contains("cut.arrow", error.Message);
        Assert.Contains("record batch 0", error.Message);
    }

    [Theory]
    [InlineData(CompressionCodecType.Lz4Frame, true)]
    [InlineData(CompressionCodecType.Zstd, true)]
    [InlineData(CompressionCodecType.Lz4Frame, false)]
    [InlineData(CompressionCodecType.Zstd, false)]
    public void CompressedBodiesReadAsTheSameRows(CompressionCodecType codec, bool file)
    {
        using var dir = new TempDir();
        var plain = WriteArrow(dir.File("plain.arrow"), Conversations(), file);
        var compressed = dir.File("compressed.arrow");
        using (var stream = File.Create(compressed))
        {
            var options = new IpcOptions { CompressionCodec = codec, CompressionCodecFactory = new Apache.Arrow.Compression.CompressionCodecFactory() };
            using ArrowStreamWriter writer = file ? new ArrowFileWriter(stream, Conversations().Schema, leaveOpen: false, options) : new ArrowStreamWriter(stream, Conversations().Schema, leaveOpen: false, options);
            writer.WriteRecordBatch(Conversations());
            writer.WriteEnd();
        }
        var plainBack = dir.File("plain.jsonl");
        var compressedBack = dir.File("compressed.jsonl");

        DatasetConverter.Convert(DatasetPool.Of(plain), plainBack, DatasetLayout.JsonLines);
        DatasetConverter.Convert(DatasetPool.Of(compressed), compressedBack, DatasetLayout.JsonLines);

        // Without a codec the library refuses the file: the bodies really are compressed.
        Assert.Contains("compressed with codec", Assert.ThrowsAny<Exception>(() => ReadArrow(compressed)).Message, StringComparison.Ordinal);
        Assert.Equal(TempDir.Samples(plain).Select(s => s.Id), TempDir.Samples(compressed).Select(s => s.Id));
        Assert.Equal(File.ReadAllText(plainBack), File.ReadAllText(compressedBack));
        Assert.Contains("\"See you\"", File.ReadAllText(compressedBack), StringComparison.Ordinal);
    }
}

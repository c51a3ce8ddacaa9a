using System.Text;
using Winnow.Data;

namespace Winnow.Tests.Data;

/// <summary>
/// The splitters must give the same rows wherever the stream's read boundaries fall (inside an escape, a
/// multi-byte character, a NaN token, between '\r' and '\n'). A stream that hands out a few bytes per read
/// puts a boundary at every offset.
/// </summary>
public class ChunkBoundaryTests
{
    private const string Rows = "{\"instruction\": \"a \\\"quoted\\\" \\\\ \\u00e9 caf\u00e9 \ud83d\ude00\", \"output\": \"x\", \"s\": NaN}\r\n" +
                                "\n" +
                                "{\"instruction\": \"[{,}]\", \"output\": \"\\\\\", \"n\": [[1, {\"a\": [2]}], -Infinity]}\n" +
                                "{\"instruction\": \"too long " + "yyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyy" + "\", \"output\": \"z\"}\n" +
                                "{\"instruction\": \"Q\", \"output\": \"broken\",}\n" +
                                "{\"instruction\": \"last\", \"output\": \"row\"}";

    public static TheoryData<string, int> Cases() => new()
    {
        { "jsonl", 1 }, { "jsonl", 2 }, { "jsonl", 3 }, { "jsonl", 7 },
        { "array", 1 }, { "array", 2 }, { "array", 3 }, { "array", 7 },
    };

    [Theory]
    [MemberData(nameof(Cases))]
    public void TinyReadsGiveTheSameRowsAsOneBigRead(string layout, int bytesPerRead)
    {
        var text = layout == "jsonl" ? Rows : "[\n  " + Rows.Replace("\r\n", "\n").Replace("\n\n", "\n").Replace("\n", ",\n  ") + "\n]\n";
        var bytes = Encoding.UTF8.GetBytes(text);
        var options = new DatasetReadOptions { MaxRowBytes = 80, MaxErrorRawBytes = 20 };

        var whole = Read(new MemoryStream(bytes), options);
        var trickled = Read(new TrickleStream(bytes, bytesPerRead), options);

        Assert.Equal(whole, trickled);
        Assert.Equal(5, whole.Count);
        Assert.Equal([true, true, false, false, true], whole.Select(r => r.Ok));
        Assert.Contains("over the limit of 80 bytes", whole[2].Error);
        Assert.Contains("malformed JSON", whole[3].Error);
    }

    private static List<(long Index, long Line, string Raw, string Indent, bool Ok, string? Error)> Read(Stream stream, DatasetReadOptions options)
    {
        using var source = JsonRecordSource.Open(stream, "test", false, options);
        var parser = new RowParser("test", options);
        return source.Records()
            .Select(raw => (raw, outcome: parser.Parse(raw)))
            .Select(x => (x.raw.Index, x.raw.Line, Encoding.UTF8.GetString(x.raw.Text.Span), Encoding.UTF8.GetString(x.raw.Indent.Span), x.outcome.IsSuccess, x.outcome.Error?.ToString()))
            .ToList();
    }

    private sealed class TrickleStream(byte[] data, int bytesPerRead) : MemoryStream(data)
    {
        public override int Read(byte[] buffer, int offset, int count) => base.Read(buffer, offset, Math.Min(count, bytesPerRead));
    }
}

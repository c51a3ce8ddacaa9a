using System.Text;
using Winnow.Data;

namespace Winnow.Tests.Data;

public class BadInputTests
{
    private const string Good = """{"instruction": "Q", "output": "A"}""";

    [Fact]
    public void MalformedJsonLineIsARowErrorAndReadingGoesOn()
    {
        using var dir = new TempDir();
        var path = dir.Write("m.jsonl", Good + "\n" + """{"instruction": "Q", "output": "A",}""" + "\n" + Good + "\n");

        var rows = TempDir.ReadAll(path);
        Assert.Equal([true, false, true], rows.Select(r => r.IsSuccess));
        Assert.Equal(3, DatasetReader.CountRows(path));
        var error = rows[1].Error!;
        Assert.Equal((path, 1L, 2L, (string?)null), (error.File, error.Index, error.Line, error.Field));
        Assert.StartsWith("malformed JSON at line 2, byte 36 of the row: ", error.Message);
        Assert.Equal(path + ":2: row 1: " + error.Message, error.ToString());
    }

    [Fact]
    public void MalformedArrayElementWithBalancedBracketsIsARowErrorWithItsStartLine()
    {
        using var dir = new TempDir();
        var path = dir.Write("m.json", "[\n  " + Good + ",\n  {\"instruction\": \"Q\",\n   \"output\": oops},\n  " + Good + "\n]\n");

        var rows = TempDir.ReadAll(path);
        Assert.Equal([true, false, true], rows.Select(r => r.IsSuccess));
        Assert.Equal((1L, 3L), (rows[1].Index, rows[1].Line));
        Assert.StartsWith("malformed JSON at line 4, byte 14 of that line: ", rows[1].Error!.Message);
        Assert.Equal(4L, rows[1].Error!.Line);
        Assert.Equal(5L, rows[2].Line);
    }

    [Theory]
    [InlineData("[\n" + Good + ",\n" + """{"instruction": "Q", "output": "A""", 3L, 1L, "the file ends inside this row")]
    [InlineData("[\n" + Good + ",\n\n", 4L, 1L, "the file ends after ','")]
    [InlineData("[\n" + Good + ",\n]", 3L, 1L, "trailing comma")]
    [InlineData("[\n" + Good + ",,\n]", 2L, 1L, "found another ','")]
    [InlineData("[\n" + Good + "\n]\n{}", 4L, null, "unexpected '{' after the closing ']'")]
    [InlineData("[\n" + Good, 2L, 0L, "the file ends inside this row")]
    public void TruncatedOrBrokenArrayIsAWholeFileErrorWithPosition(string text, long line, long? index, string message)
    {
        using var dir = new TempDir();
        var path = dir.Write("t.json", text);

        var read = new List<RowOutcome>();
        var e = Assert.Throws<DatasetFormatException>(() => read.AddRange(DatasetReader.Read(path)));
        Assert.Equal((path, line, index), (e.File, e.Line, e.Index));
        Assert.Contains(message, e.Message);
        Assert.All(read, r => Assert.True(r.IsSuccess)); // rows before the break were still delivered
    }

    [Theory]
    [InlineData("""{"output": "A"}""", "instruction", "instruction is missing, expected a non-empty string; the row's columns are [output]: name the one that holds it with --map instruction=<column>")]
    [InlineData("""{"instruction": "Q"}""", "output", "output is missing, expected a non-empty string; the row's columns are [instruction]: name the one that holds it with --map output=<column>")]
    [InlineData("""{"instruction": "Q", "output": ""}""", "output", "output is empty, expected a non-empty string")]
    [InlineData("""{"instruction": "  \n", "output": "A"}""", "instruction", "instruction is empty, expected a non-empty string")]
    [InlineData("""{"instruction": "Q", "output": 42}""", "output", "output must be a string, found a number")]
    [InlineData("""{"instruction": ["Q"], "output": "A"}""", "instruction", "instruction must be a string, found an array")]
    [InlineData("""{"instruction": "Q", "input": false, "output": "A"}""", "input", "input must be a string, found a boolean")]
    [InlineData("""{"instruction": "Q", "output": "A", "output": "B"}""", "output", "output appears more than once, expected it once")]
    public void SchemaErrorsNameTheFieldAndTheExpectation(string row, string field, string message)
    {
        using var dir = new TempDir();
        var path = dir.Write("s.json", "[\n" + Good + ",\n\n" + row + "\n]");

        var error = TempDir.SingleError(path);
        Assert.Equal((1L, 4L, field, message), (error.Index, error.Line, error.Field, error.Message));
        Assert.Equal(row, error.RawText);
    }

    [Fact]
    public void EmptyInputIsFine()
    {
        using var dir = new TempDir();
        var path = dir.Write("s.jsonl", """{"instruction": "Q", "input": "", "output": "A"}""");

        Assert.Equal("", Assert.Single(TempDir.Samples(path)).Input);
    }

    [Fact]
    public void InvalidUtf8NamesTheFieldAndTheRowAfterItIsStillRead()
    {
        using var dir = new TempDir();
        var bad = Encoding.UTF8.GetBytes("{\"instruction\": \"Q\",\n \"output\": \"caf\u00e9 ").Concat(new byte[] { 0xC3, 0x28 }).Concat(Encoding.UTF8.GetBytes("\"}")).ToArray();
        var bytes = Encoding.UTF8.GetBytes("[\n" + Good + ",\n").Concat(bad).Concat(Encoding.UTF8.GetBytes(",\n" + Good + "\n]")).ToArray();
        var path = dir.Write("u.json", bytes);

        var rows = TempDir.ReadAll(path);
        Assert.Equal([true, false, true], rows.Select(r => r.IsSuccess));
        var error = rows[1].Error!;
        Assert.Equal((1L, 4L, "output"), (error.Index, error.Line, error.Field));
        Assert.Equal("invalid UTF-8 in output at byte 39 of the row, expected UTF-8 text", error.Message);
    }

    [Fact]
    public void ExplicitIdThatRepeatsIsAnErrorOnTheLaterRow()
    {
        using var dir = new TempDir();
        var path = dir.Write("d.jsonl", """
            {"id": "a", "conversations": [{"from": "human", "value": "Q"}, {"from": "gpt", "value": "A"}]}
            {"id": "b", "conversations": [{"from": "human", "value": "Q"}, {"from": "gpt", "value": "A"}]}
            {"id": "a", "conversations": [{"from": "human", "value": "Q2"}, {"from": "gpt", "value": "A2"}]}
            {"id": 7, "conversations": [{"from": "human", "value": "Q"}, {"from": "gpt", "value": "A"}]}
            {"id": "7", "conversations": [{"from": "human", "value": "Q"}, {"from": "gpt", "value": "A"}]}
            {"id": {"x": 1}, "conversations": [{"from": "human", "value": "Q"}, {"from": "gpt", "value": "A"}]}
            """);

        var rows = TempDir.ReadAll(path);
        Assert.Equal([true, true, false, true, true, false], rows.Select(r => r.IsSuccess));
        Assert.Equal(("id", 3L), (rows[2].Error!.Field, rows[2].Error!.Line));
        Assert.Equal("id \"a\" repeats the id of row 0, expected ids to be unique", rows[2].Error!.Message);
        Assert.Equal("id must be a string or a number, found an object", rows[5].Error!.Message);
        // Identical content in rows 0 and 1 still gets distinct stable ids: the index is part of the id.
        Assert.NotEqual(rows[0].Sample!.Id, rows[1].Sample!.Id);
        Assert.Equal(rows[0].Sample!.ContentHash, rows[1].Sample!.ContentHash);
        Assert.All(TempDir.ReadAll(path, new DatasetReadOptions { RejectDuplicateIds = false }).Take(5), r => Assert.True(r.IsSuccess));
    }

    [Theory]
    [InlineData("big.jsonl")]
    [InlineData("big.json")]
    public void FiftyMegabyteRowIsACleanErrorWithBoundedMemory(string name)
    {
        using var dir = new TempDir();
        var array = name.EndsWith(".json", StringComparison.Ordinal);
        var path = dir.File(name);
        const int rowBytes = 50 * 1024 * 1024;
        using (var file = new BufferedStream(File.Create(path), 1 << 20))
        {
            file.Write(Encoding.UTF8.GetBytes((array ? "[\n" : "") + Good + (array ? ",\n" : "\n")));
            var head = "{\"instruction\": \"Q\", \"output\": \""u8;
            file.Write(head);
            var chunk = new byte[1 << 20];
            chunk.AsSpan().Fill((byte)'x');
            for (var written = head.Length; written < rowBytes - 2; written += chunk.Length)
                file.Write(chunk, 0, Math.Min(chunk.Length, rowBytes - 2 - written));
            file.Write("\"}"u8);
            file.Write(Encoding.UTF8.GetBytes((array ? ",\n" : "\n") + Good + (array ? "\n]" : "\n")));
        }

        foreach (var limit in new[] { 1 << 20, DatasetReadOptions.DefaultMaxRowBytes })
        {
            var before = GC.GetAllocatedBytesForCurrentThread();
            var rows = TempDir.ReadAll(path, new DatasetReadOptions { MaxRowBytes = limit });
            var allocated = GC.GetAllocatedBytesForCurrentThread() - before;

            Assert.Equal([true, false, true], rows.Select(r => r.IsSuccess));
            var error = rows[1].Error!;
            var line = array ? 3L : 2L;
            Assert.Equal((1L, line, (string?)null), (error.Index, error.Line, error.Field));
            Assert.Equal($"the row is {rowBytes:N0} bytes, over the limit of {limit:N0} bytes (MaxRowBytes); it was skipped without being parsed", error.Message);
            Assert.True(error.RawTextTruncated);
            Assert.StartsWith("{\"instruction\": \"Q\", \"output\": \"xxx", error.RawText);
            Assert.Equal(16 * 1024, error.RawText!.Length);
            Assert.Equal(line + 1, rows[2].Line);
            // The buffer grows to about the limit, never to the row: memory follows MaxRowBytes, not the file.
            Assert.True(allocated < 3L * limit + (4 << 20), $"allocated {allocated:N0} bytes with a {limit:N0}-byte limit");
        }
    }

    [Fact]
    public void CorruptGzipIsAWholeFileErrorNamingTheFile()
    {
        using var dir = new TempDir();
        var good = dir.Write("ok.jsonl.gz", string.Concat(Enumerable.Repeat(Good + "\n", 2000)));
        var bytes = File.ReadAllBytes(good);
        bytes[10] |= 0x06; // the first deflate block (after the 10-byte gzip header) gets the reserved block type 11
        var path = dir.Write("bad.jsonl", bytes);

        var e = Assert.Throws<DatasetFormatException>(() => TempDir.ReadAll(path));
        Assert.Equal(path, e.File);
        Assert.Contains("the gzip stream is corrupt", e.Message);
    }

    [Fact]
    public void TruncatedGzipArrayIsAWholeFileError()
    {
        using var dir = new TempDir();
        var whole = File.ReadAllBytes(dir.Write("ok.json.gz", "[\n" + string.Join(",\n", Enumerable.Range(0, 3000).Select(i => $"{{\"instruction\": \"Q{i}\", \"output\": \"{i * 7919 % 10007}\"}}")) + "\n]"));
        var path = dir.Write("cut.json", whole[..(whole.Length / 2)]);

        var e = Assert.Throws<DatasetFormatException>(() => TempDir.ReadAll(path));
        Assert.Equal(path, e.File);
    }
}

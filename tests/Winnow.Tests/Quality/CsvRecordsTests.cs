using Winnow.Quality.Pairs;

namespace Winnow.Tests.Quality;

public class CsvRecordsTests
{
    private static List<CsvRecord> Parse(string text) => CsvRecords.Read(new StringReader(text), "t.csv").ToList();

    [Fact]
    public void Quoted_fields_hold_commas_newlines_and_doubled_quotes()
    {
        var records = Parse("a,b\r\n\"x, y\",\"line1\nline2 \"\"q\"\"\"\nlast,\n");
        Assert.Equal(3, records.Count);
        Assert.Equal(["a", "b"], records[0].Fields);
        Assert.Equal(["x, y", "line1\nline2 \"q\""], records[1].Fields);
        Assert.Equal(2, records[1].Line);
        Assert.Equal(4, records[2].Line);
        Assert.Equal(["last", ""], records[2].Fields);
    }

    [Fact]
    public void A_final_record_without_newline_is_read() =>
        Assert.Equal(["p", "q"], Parse("p,q").Single().Fields);

    [Theory]
    [InlineData("a,\"open\n", "t.csv:1: a quoted field opened here is never closed")]
    [InlineData("a,b\"c\n", "t.csv:1: a double quote inside an unquoted field")]
    [InlineData("\"a\"b,c\n", "t.csv:1: text after a closing quote")]
    public void Malformed_csv_names_file_and_line(string text, string message) =>
        Assert.StartsWith(message, Assert.Throws<InvalidDataException>(() => Parse(text)).Message);
}

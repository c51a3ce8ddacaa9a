using System.Text;

namespace Winnow.Quality.Pairs;

/// <summary>One CSV record: its fields and the 1-based line on which it starts (a quoted field may span lines).</summary>
public sealed record CsvRecord(int Line, IReadOnlyList<string> Fields);

/// <summary>
/// RFC 4180 CSV: fields separated by commas, records by LF or CRLF; a field in double quotes may hold commas,
/// newlines and doubled quotes (<c>""</c>). A quote inside an unquoted field, text after a closing quote, or a
/// quoted field left open at the end of the file is an error naming the file and line.
/// </summary>
public static class CsvRecords
{
    public static IEnumerable<CsvRecord> Read(TextReader reader, string source)
    {
        var fields = new List<string>();
        var field = new StringBuilder();
        var line = 1;
        var recordLine = 1;
        var quoted = false;
        var afterQuote = false;
        var any = false;
        int read;
        while ((read = reader.Read()) >= 0)
        {
            var c = (char)read;
            if (quoted)
            {
                if (c == '"')
                {
                    if (reader.Peek() == '"')
                    {
                        reader.Read();
                        field.Append('"');
                    }
                    else
                    {
                        quoted = false;
                        afterQuote = true;
                    }
                }
                else
                {
                    if (c == '\n')
                        line++;
                    field.Append(c);
                }
                continue;
            }
            switch (c)
            {
                case ',':
                    fields.Add(field.ToString());
                    field.Clear();
                    afterQuote = false;
                    any = true;
                    break;
                case '\r' when reader.Peek() == '\n':
                    break;
                case '\n':
                    fields.Add(field.ToString());
                    yield return new CsvRecord(recordLine, fields.ToArray());
                    fields.Clear();
                    field.Clear();
                    afterQuote = false;
                    any = false;
                    recordLine = ++line;
                    break;
                case '"':
                    if (field.Length > 0 || afterQuote)
                        throw new InvalidDataException($"{source}:{line}: a double quote inside an unquoted field; quote the whole field and double inner quotes");
                    quoted = true;
                    any = true;
                    break;
                default:
                    if (afterQuote)
                        throw new InvalidDataException($"{source}:{line}: text after a closing quote; expected a comma or the end of the line");
                    field.Append(c);
                    any = true;
                    break;
            }
        }
        if (quoted)
            throw new InvalidDataException($"{source}:{recordLine}: a quoted field opened here is never closed");
        if (any || field.Length > 0)
        {
            fields.Add(field.ToString());
            yield return new CsvRecord(recordLine, fields.ToArray());
        }
    }
}

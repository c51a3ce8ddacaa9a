using System.Globalization;
using System.Text.Json;

namespace Winnow.Quality.Pairs;

/// <summary>
/// Reads preference data:
/// <list type="bullet">
/// <item>CSV with header <c>src,pos,neg</c> (CaR's APE pairs: <c>src</c> = "Instruction: … [Input: …]",
/// <c>pos</c>/<c>neg</c> = "Response: …", the preferred answer in <c>pos</c>);</item>
/// <item>CSV with header <c>src,score</c> (CaR's regression form: "Instruction: … Response: …" and a number);</item>
/// <item>JSONL, one object a line: <c>instruction</c> (or <c>prompt</c>), optional <c>input</c>, and either
/// <c>chosen</c> + <c>rejected</c> (a pair) or <c>response</c> + <c>score</c> (graded).</item>
/// </list>
/// CSV text is escape-decoded on every side alike (<see cref="EscapeText"/>) unless <c>decodeEscapes</c> is false;
/// JSONL strings are already decoded by JSON. Every problem names the file, line and field.
/// </summary>
public static class PairFile
{
    private const string InstructionTag = "Instruction:";
    private const string InputTag = " Input:";
    private const string ResponseTag = "Response:";

    /// <param name="skipBadRows">Skip a row with a bad field instead of stopping; it is listed in <see cref="PairSet.Skipped"/>.
    /// A malformed file (header, CSV quoting, JSON syntax) always stops.</param>
    public static PairSet Read(string path, bool decodeEscapes = true, bool skipBadRows = false)
    {
        if (!File.Exists(path))
            throw new FileNotFoundException($"pairs file '{path}' does not exist", path);
        var skipped = new List<string>();
        void Bad(InvalidDataException e)
        {
            if (!skipBadRows)
                throw e;
            skipped.Add(e.Message);
        }
        var set = Path.GetExtension(path).Equals(".csv", StringComparison.OrdinalIgnoreCase) ? ReadCsv(path, decodeEscapes, Bad) : ReadJsonLines(path, Bad);
        set.Skipped = skipped;
        return set;
    }

    private static PairSet ReadCsv(string path, bool decodeEscapes, Action<InvalidDataException> bad)
    {
        using var reader = new StreamReader(path);
        using var records = CsvRecords.Read(reader, path).GetEnumerator();
        if (!records.MoveNext())
            throw new InvalidDataException($"{path}: the file is empty; expected a header src,pos,neg or src,score");
        var header = string.Join(",", records.Current.Fields);
        Func<string, string> text = decodeEscapes ? EscapeText.Decode : s => s;
        switch (header)
        {
            case "src,pos,neg":
            {
                var pairs = new List<PreferencePair>();
                while (records.MoveNext())
                {
                    var r = Expect(records.Current, 3, path, header);
                    try
                    {
                        var (instruction, input) = SplitPrompt(text(r.Fields[0]), path, r.Line);
                        pairs.Add(new PreferencePair(r.Line, instruction, input,
                            Response(text(r.Fields[1]), path, r.Line, "pos"), Response(text(r.Fields[2]), path, r.Line, "neg")));
                    }
                    catch (InvalidDataException e)
                    {
                        bad(e);
                    }
                }
                return new PairSet(path, pairs, null);
            }
            case "src,score":
            {
                var graded = new List<GradedResponse>();
                while (records.MoveNext())
                {
                    var r = Expect(records.Current, 2, path, header);
                    try
                    {
                        graded.Add(Graded(text(r.Fields[0]), r.Fields[1], path, r.Line));
                    }
                    catch (InvalidDataException e)
                    {
                        bad(e);
                    }
                }
                return PairSet.FromGraded(path, graded);
            }
            default:
                throw new InvalidDataException($"{path}:1: header is '{header}'; expected src,pos,neg (pairs) or src,score (graded)");
        }
    }

    private static GradedResponse Graded(string whole, string score, string path, int line)
    {
        var cut = whole.IndexOf(" " + ResponseTag, StringComparison.Ordinal);
        if (cut < 0)
            throw new InvalidDataException($"{path}:{line}: field 'src' has no ' {ResponseTag}' part; expected \"Instruction: … Response: …\"");
        var (instruction, input) = SplitPrompt(whole[..cut], path, line);
        return new GradedResponse(line, instruction, input, Response(whole[(cut + 1)..], path, line, "src"), Number(score, path, line, "score"));
    }

    private static PairSet ReadJsonLines(string path, Action<InvalidDataException> bad)
    {
        var pairs = new List<PreferencePair>();
        var graded = new List<GradedResponse>();
        var line = 0;
        foreach (var text in File.ReadLines(path))
        {
            line++;
            if (string.IsNullOrWhiteSpace(text))
                continue;
            JsonElement row;
            try
            {
                row = JsonDocument.Parse(text).RootElement;
            }
            catch (JsonException e)
            {
                throw new InvalidDataException($"{path}:{line}: not valid JSON ({e.Message})");
            }
            if (row.ValueKind != JsonValueKind.Object)
                throw new InvalidDataException($"{path}:{line}: expected a JSON object, found {row.ValueKind}");
            try
            {
                ReadJsonRow(row, path, line, pairs, graded);
            }
            catch (InvalidDataException e)
            {
                bad(e);
            }
            if (pairs.Count > 0 && graded.Count > 0)
                throw new InvalidDataException($"{path}:{line}: the file mixes pairs (chosen/rejected) and graded rows (response/score); use one kind per file");
        }
        if (pairs.Count + graded.Count == 0)
            throw new InvalidDataException($"{path}: no rows; expected one JSON object per line");
        return graded.Count > 0 ? PairSet.FromGraded(path, graded) : new PairSet(path, pairs, null);
    }

    private static void ReadJsonRow(JsonElement row, string path, int line, List<PreferencePair> pairs, List<GradedResponse> graded)
    {
        var instruction = row.TryGetProperty("instruction", out _) ? Text(row, "instruction", path, line) : Text(row, "prompt", path, line);
        var input = row.TryGetProperty("input", out var inputValue) && inputValue.ValueKind != JsonValueKind.Null ? Text(row, "input", path, line, allowEmpty: true) : "";
        if (row.TryGetProperty("chosen", out _))
            pairs.Add(new PreferencePair(line, instruction, input, Text(row, "chosen", path, line), Text(row, "rejected", path, line)));
        else if (row.TryGetProperty("score", out var score))
        {
            if (score.ValueKind != JsonValueKind.Number)
                throw new InvalidDataException($"{path}:{line}: field 'score' is {score.ValueKind}; expected a number");
            graded.Add(new GradedResponse(line, instruction, input, Text(row, "response", path, line), score.GetDouble()));
        }
        else
            throw new InvalidDataException($"{path}:{line}: expected 'chosen' and 'rejected' (a pair) or 'response' and 'score' (graded)");
    }

    private static CsvRecord Expect(CsvRecord record, int count, string path, string header) =>
        record.Fields.Count == count ? record
            : throw new InvalidDataException($"{path}:{record.Line}: {record.Fields.Count} field(s); expected {count} ({header})");

    /// <summary>"Instruction: X Input: Y" → (X, Y); the tag is optional, the input part too.</summary>
    private static (string Instruction, string Input) SplitPrompt(string src, string path, int line)
    {
        var text = src.Trim();
        if (text.StartsWith(InstructionTag, StringComparison.Ordinal))
            text = text[InstructionTag.Length..];
        var cut = text.IndexOf(InputTag, StringComparison.Ordinal);
        var instruction = (cut < 0 ? text : text[..cut]).Trim();
        var input = cut < 0 ? "" : text[(cut + InputTag.Length)..].Trim();
        if (instruction.Length == 0)
            throw new InvalidDataException($"{path}:{line}: field 'src' has an empty instruction");
        return (instruction, input);
    }

    private static string Response(string field, string path, int line, string name)
    {
        var text = field.Trim();
        if (text.StartsWith(ResponseTag, StringComparison.Ordinal))
            text = text[ResponseTag.Length..].Trim();
        if (text.Length == 0)
            throw new InvalidDataException($"{path}:{line}: field '{name}' has an empty response");
        return text;
    }

    private static double Number(string field, string path, int line, string name) =>
        double.TryParse(field, NumberStyles.Float, CultureInfo.InvariantCulture, out var value) && double.IsFinite(value) ? value
            : throw new InvalidDataException($"{path}:{line}: field '{name}' is '{field}'; expected a finite number");

    private static string Text(JsonElement row, string name, string path, int line, bool allowEmpty = false)
    {
        if (!row.TryGetProperty(name, out var value))
            throw new InvalidDataException($"{path}:{line}: field '{name}' is missing");
        if (value.ValueKind != JsonValueKind.String)
            throw new InvalidDataException($"{path}:{line}: field '{name}' is {value.ValueKind}; expected a string");
        var text = value.GetString()!;
        if (!allowEmpty && text.Trim().Length == 0)
            throw new InvalidDataException($"{path}:{line}: field '{name}' is empty");
        return text;
    }
}

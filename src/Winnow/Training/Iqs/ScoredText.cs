using System.Globalization;
using Winnow.Quality.Pairs;

namespace Winnow.Training.Iqs;

/// <summary>One regression row: the text the model reads and its target score, with the file line it came from.</summary>
public sealed record ScoredText(int Line, string Text, float Score)
{
    /// <summary>
    /// Reads a CSV with header <c>src,score</c> (CaR's APE_score files: <c>src</c> = "Instruction: … Response: …", the
    /// score 0 for the original answer and 1 for the expert revision). The text is used as written, escape-decoded
    /// (<see cref="EscapeText"/>) unless <paramref name="decodeEscapes"/> is false: the original answers of the APE
    /// files carry literal <c>\n</c>, <c>\uXXXX</c> escapes the revisions never have, a format trace a model would
    /// learn instead of quality.
    /// </summary>
    public static IReadOnlyList<ScoredText> ReadCsv(string path, bool decodeEscapes = true)
    {
        if (!File.Exists(path))
            throw new FileNotFoundException($"scored rows file '{path}' does not exist", path);
        using var reader = new StreamReader(path);
        using var records = CsvRecords.Read(reader, path).GetEnumerator();
        if (!records.MoveNext() || string.Join(",", records.Current.Fields) != "src,score")
            throw new InvalidDataException($"{path}:1: header must be src,score (CaR's APE_score files)");
        var rows = new List<ScoredText>();
        while (records.MoveNext())
        {
            var r = records.Current;
            if (r.Fields.Count != 2)
                throw new InvalidDataException($"{path}:{r.Line}: {r.Fields.Count} field(s); expected 2 (src,score)");
            var text = decodeEscapes ? EscapeText.Decode(r.Fields[0]) : r.Fields[0];
            if (text.Trim().Length == 0)
                throw new InvalidDataException($"{path}:{r.Line}: field 'src' is empty");
            if (!float.TryParse(r.Fields[1], NumberStyles.Float, CultureInfo.InvariantCulture, out var score) || !float.IsFinite(score))
                throw new InvalidDataException($"{path}:{r.Line}: field 'score' is '{r.Fields[1]}'; expected a finite number");
            rows.Add(new ScoredText(r.Line, text, score));
        }
        if (rows.Count == 0)
            throw new InvalidDataException($"{path}: no rows after the header");
        return rows;
    }
}

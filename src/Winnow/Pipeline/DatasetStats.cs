using System.Globalization;
using System.Text;
using Winnow.Data;

namespace Winnow.Pipeline;

/// <summary>Distribution summary of one length measure.</summary>
public sealed record LengthSummary(long Min, double Median, double Mean, double P90, long Max)
{
    public static LengthSummary Of(List<int> values)
    {
        if (values.Count == 0)
            return new LengthSummary(0, 0, 0, 0, 0);
        values.Sort();
        return new LengthSummary(values[0], Percentile(values, 50), values.Average(v => (double)v), Percentile(values, 90), values[^1]);
    }

    /// <summary>Linear interpolation between closest ranks (numpy's default), on sorted values.</summary>
    public static double Percentile(IReadOnlyList<int> sorted, double percent)
    {
        var position = percent / 100 * (sorted.Count - 1);
        var lower = (int)Math.Floor(position);
        var upper = Math.Min(lower + 1, sorted.Count - 1);
        return sorted[lower] + (position - lower) * (sorted[upper] - sorted[lower]);
    }
}

/// <summary>
/// What a dataset holds: rows, turns, lengths of instructions and responses in words and characters, vocabulary,
/// the scripts its letters are written in, and exact duplicates. One streaming pass; memory grows with the
/// vocabulary and the per-row lengths (8 bytes a row), not with the text.
/// </summary>
public sealed record DatasetStats
{
    public required long Rows { get; init; }

    public required long MultiTurnRows { get; init; }

    public required long RowsWithInput { get; init; }

    public required long RowsWithSystemPrompt { get; init; }

    public required LengthSummary TurnsPerRow { get; init; }

    public required LengthSummary InstructionWords { get; init; }

    public required LengthSummary ResponseWords { get; init; }

    public required LengthSummary ResponseChars { get; init; }

    public required long TotalWords { get; init; }

    public required long Vocabulary { get; init; }

    /// <summary>Rows by the script of most of their letters (Latin, Cyrillic, CJK, ...), the basis of a language check.</summary>
    public required IReadOnlyDictionary<string, long> RowsByScript { get; init; }

    /// <summary>Rows whose letters are at least 90 % ASCII (SCAR's English-only check uses ASCII letters).</summary>
    public required long MostlyAsciiLetterRows { get; init; }

    public required long ExactDuplicates { get; init; }

    public static DatasetStats Compute(IEnumerable<Sample> rows, CancellationToken cancellationToken)
    {
        long count = 0, multiTurn = 0, withInput = 0, withSystem = 0, totalWords = 0, mostlyAscii = 0, duplicates = 0;
        var turns = new List<int>();
        var instructionWords = new List<int>();
        var responseWords = new List<int>();
        var responseChars = new List<int>();
        var vocabulary = new HashSet<string>(StringComparer.Ordinal);
        var scripts = new SortedDictionary<string, long>(StringComparer.Ordinal);
        var hashes = new HashSet<ulong>();
        foreach (var row in rows)
        {
            if (++count % 4096 == 0)
                cancellationToken.ThrowIfCancellationRequested();
            turns.Add(row.Turns.Count);
            multiTurn += row.ExchangeCount > 1 ? 1 : 0;
            withInput += row.Input.Length > 0 ? 1 : 0;
            withSystem += row.Turns.Any(t => t.Role == Role.System) ? 1 : 0;
            instructionWords.Add(CountWords(row.Prompt, null));
            var text = string.Join("\n", row.Turns.Select(t => t.Text));
            var words = CountWords(text, vocabulary);
            totalWords += words;
            responseWords.Add(CountWords(row.Response, null));
            responseChars.Add(row.Response.Length);
            var (script, asciiShare) = DominantScript(text);
            scripts[script] = scripts.GetValueOrDefault(script) + 1;
            mostlyAscii += asciiShare >= 0.9 ? 1 : 0;
            duplicates += hashes.Add(row.Hash) ? 0 : 1;
        }
        return new DatasetStats
        {
            Rows = count,
            MultiTurnRows = multiTurn,
            RowsWithInput = withInput,
            RowsWithSystemPrompt = withSystem,
            TurnsPerRow = LengthSummary.Of(turns),
            InstructionWords = LengthSummary.Of(instructionWords),
            ResponseWords = LengthSummary.Of(responseWords),
            ResponseChars = LengthSummary.Of(responseChars),
            TotalWords = totalWords,
            Vocabulary = vocabulary.Count,
            RowsByScript = scripts,
            MostlyAsciiLetterRows = mostlyAscii,
            ExactDuplicates = duplicates,
        };
    }

    /// <summary>Counts maximal runs of letters/digits; adds their lower-cased forms to the vocabulary when given.</summary>
    private static int CountWords(string text, HashSet<string>? vocabulary)
    {
        var words = 0;
        var start = -1;
        for (var i = 0; i <= text.Length; i++)
        {
            var inWord = i < text.Length && char.IsLetterOrDigit(text[i]);
            if (inWord && start < 0)
                start = i;
            else if (!inWord && start >= 0)
            {
                words++;
                vocabulary?.Add(text[start..i].ToLowerInvariant());
                start = -1;
            }
        }
        return words;
    }

    private static (string Script, double AsciiShare) DominantScript(string text)
    {
        var counts = new Dictionary<string, int>(StringComparer.Ordinal);
        int letters = 0, ascii = 0;
        foreach (var rune in text.EnumerateRunes())
        {
            if (!Rune.IsLetter(rune))
                continue;
            letters++;
            ascii += rune.IsAscii ? 1 : 0;
            var script = ScriptOf(rune.Value);
            counts[script] = counts.GetValueOrDefault(script) + 1;
        }
        if (letters == 0)
            return ("none", 0);
        var dominant = counts.OrderByDescending(kv => kv.Value).ThenBy(kv => kv.Key, StringComparer.Ordinal).First().Key;
        return (dominant, (double)ascii / letters);
    }

    /// <summary>Coarse script of a letter by Unicode block ranges (enough to spot non-English rows).</summary>
    private static string ScriptOf(int codePoint) => codePoint switch
    {
        < 0x0250 => "Latin",
        >= 0x0370 and < 0x0400 => "Greek",
        >= 0x0400 and < 0x0530 => "Cyrillic",
        >= 0x0590 and < 0x0600 => "Hebrew",
        >= 0x0600 and < 0x0780 => "Arabic",
        >= 0x0900 and < 0x0980 => "Devanagari",
        >= 0x0E00 and < 0x0E80 => "Thai",
        >= 0x1100 and < 0x1200 or >= 0xAC00 and < 0xD7B0 => "Hangul",
        >= 0x3040 and < 0x3100 => "Kana",
        >= 0x4E00 and < 0xA000 or >= 0x3400 and < 0x4DC0 or >= 0x20000 and < 0x2FA20 => "Han",
        >= 0x1E00 and < 0x1F00 => "Latin",
        _ => "other",
    };

    public IEnumerable<(string Name, string Value)> Describe()
    {
        string Num(double v) => v.ToString("#,0.##", CultureInfo.InvariantCulture);
        string Dist(LengthSummary s) => $"min {Num(s.Min)}, median {Num(s.Median)}, mean {Num(s.Mean)}, p90 {Num(s.P90)}, max {Num(s.Max)}";
        yield return ("rows", Num(Rows));
        yield return ("multi-turn rows", Num(MultiTurnRows));
        yield return ("rows with input", Num(RowsWithInput));
        yield return ("rows with system prompt", Num(RowsWithSystemPrompt));
        yield return ("turns per row", Dist(TurnsPerRow));
        yield return ("instruction words", Dist(InstructionWords));
        yield return ("response words", Dist(ResponseWords));
        yield return ("response characters", Dist(ResponseChars));
        yield return ("words (all turns)", Num(TotalWords));
        yield return ("vocabulary (lower-cased words)", Num(Vocabulary));
        yield return ("rows by dominant script", string.Join(", ", RowsByScript.OrderByDescending(kv => kv.Value).Select(kv => $"{kv.Key} {Num(kv.Value)}")));
        yield return ("rows ≥ 90 % ASCII letters", $"{Num(MostlyAsciiLetterRows)} ({(Rows == 0 ? 0 : 100.0 * MostlyAsciiLetterRows / Rows):F1} %)");
        yield return ("exact duplicate rows", Num(ExactDuplicates));
    }
}

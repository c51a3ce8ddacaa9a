using System.IO.Compression;
using System.Text;
using Winnow.Scoring.Default;
using Winnow.Text;

namespace Winnow.Quality.Features;

/// <summary>
/// Reference twin of <see cref="TextFeatures"/>: each group computed on its own from the two texts, with LINQ and
/// per-token strings, written for obviousness, not speed. Tests check that the fast featuriser gives exactly these
/// values (bit for bit); it is also the readable statement of each feature.
/// </summary>
public static class TextFeaturesReference
{
    private const int MtldMinimumTokens = 10;
    private const double MtldCap = 200;

    private static readonly string[] DisclaimerWords = ["however", "note that", "it is important", "keep in mind", "depends on", "i'm sorry", "i am sorry", "as an ai", "i cannot", "i can't"];

    public static double[] Compute(string group, string prompt, string response) => group switch
    {
        "length" => Length(prompt, response),
        "lexical" => Lexical(response),
        "structure" => Structure(response),
        "overlap" => Overlap(prompt, response),
        "repetition" => Repetition(response),
        "markers" => Markers(response),
        _ => throw new ArgumentException($"unknown text feature group '{group}'; expected one of {string.Join(", ", TextFeatures.Names.Keys)}"),
    };

    private static double[] Length(string prompt, string response)
    {
        var words = Words(response);
        var sentences = Sentences(response);
        var promptWords = Words(prompt).Count;
        return
        [
            Math.Log(1 + response.Length), Math.Log(1 + words.Count), Math.Log(1 + Lines(response).Length), Math.Log(1 + sentences.Count),
            Math.Log((1.0 + words.Count) / (1 + promptWords)),
            words.Count == 0 ? 0 : words.Average(w => w.Length), sentences.Count == 0 ? 0 : (double)words.Count / sentences.Count,
        ];
    }

    private static double[] Lexical(string response)
    {
        var tokens = LexicalTokenizer.Tokenize(response);
        var types = tokens.Distinct(StringComparer.Ordinal).Count();
        var n = tokens.Count;
        var mtldDefined = n >= MtldMinimumTokens;
        return
        [
            n == 0 ? 0 : TypeTokenRatios.Ttr(types, n), n == 0 ? 0 : TypeTokenRatios.RootTtr(types, n),
            mtldDefined ? Math.Min(Mtld.Compute(tokens), MtldCap) / MtldCap : 0, mtldDefined ? 0 : 1,
        ];
    }

    private static double[] Structure(string response)
    {
        var lines = Lines(response).Where(l => l.Trim().Length > 0).ToArray();
        var listLines = lines.Count(IsListLine);
        var numbered = lines.Count(l => NumberedPrefix(l.TrimStart()) > 0);
        var paragraphs = response.Split(["\n\n", "\r\n\r\n"], StringSplitOptions.RemoveEmptyEntries).Length;
        var sentences = Sentences(response);
        var trimmed = response.Trim();
        var letters = response.Count(char.IsLetter);
        return
        [
            lines.Length == 0 ? 0 : (double)listLines / lines.Length, Math.Log(1 + numbered), Math.Log(1 + paragraphs),
            response.Contains("```", StringComparison.Ordinal) ? 1 : 0, Math.Log(1 + Count(response, '`') / 2),
            response.Contains("**", StringComparison.Ordinal) ? 1 : 0, lines.Any(l => l.TrimStart().StartsWith('#')) ? 1 : 0,
            lines.Any(l => l.TrimEnd().EndsWith(':')) ? 1 : 0,
            trimmed.Length > 0 && char.IsUpper(trimmed[0]) ? 1 : 0, trimmed.Length > 0 && ".!?)\"".Contains(trimmed[^1]) ? 1 : 0,
            sentences.Count == 0 ? 0 : (double)sentences.Count(s => s.TrimEnd().EndsWith('.')) / sentences.Count,
            letters == 0 ? 0 : (double)response.Count(char.IsUpper) / letters,
            response.Length == 0 ? 0 : (double)response.Count(char.IsDigit) / response.Length,
            response.Length == 0 ? 0 : (double)Count(response, '\n') / response.Length * 100,
        ];
    }

    private static double[] Overlap(string prompt, string response)
    {
        var promptWords = Words(prompt).ToHashSet(StringComparer.Ordinal);
        var responseWords = Words(response);
        var responseSet = responseWords.ToHashSet(StringComparer.Ordinal);
        var opening = responseWords.Take(8).ToList();
        var answer = response.Trim();
        return
        [
            responseWords.Count == 0 ? 0 : (double)responseWords.Count(promptWords.Contains) / responseWords.Count,
            promptWords.Count == 0 ? 0 : (double)promptWords.Count(responseSet.Contains) / promptWords.Count,
            opening.Count == 0 ? 0 : (double)opening.Count(promptWords.Contains) / opening.Count,
            answer.Length > 0 && prompt.Contains(answer, StringComparison.Ordinal) && answer.Length > 0.5 * prompt.Trim().Length ? 1 : 0,
        ];
    }

    /// <summary>Repetition: Deflate ratio (looping text compresses far better), repeated word trigrams, repeated lines, dominant word.</summary>
    public static double[] Repetition(string response)
    {
        var words = Words(response);
        var trigrams = new Dictionary<string, int>(StringComparer.Ordinal);
        for (var i = 0; i + 3 <= words.Count; i++)
        {
            var key = words[i] + " " + words[i + 1] + " " + words[i + 2];
            trigrams[key] = trigrams.GetValueOrDefault(key) + 1;
        }
        var repeated = trigrams.Values.Where(c => c > 1).Sum(c => c - 1);
        var lineRepeats = Lines(response).Where(l => l.Trim().Length > 0).GroupBy(l => l.Trim(), StringComparer.Ordinal).Select(g => g.Count()).DefaultIfEmpty(0).Max();
        var topWord = words.Count == 0 ? 0 : words.GroupBy(w => w, StringComparer.Ordinal).Max(g => g.Count());
        return
        [
            CompressionRatio(response), trigrams.Count == 0 ? 0 : (double)repeated / (words.Count - 2), Math.Log(1 + Math.Max(0, lineRepeats - 1)),
            words.Count == 0 ? 0 : (double)topWord / words.Count,
        ];
    }

    /// <summary>Deflate-compressed size over UTF-8 size (1 for an empty text); repetitive text scores low.</summary>
    public static double CompressionRatio(string text)
    {
        var bytes = Encoding.UTF8.GetBytes(text);
        if (bytes.Length == 0)
            return 1;
        using var buffer = new MemoryStream();
        using (var deflate = new DeflateStream(buffer, CompressionLevel.Optimal, leaveOpen: true))
            deflate.Write(bytes);
        return (double)buffer.Length / bytes.Length;
    }

    private static double[] Markers(string response)
    {
        var lower = response.ToLowerInvariant();
        var words = Words(response);
        return
        [
            CannedPhrases.Contains(response) ? 1 : 0, DisclaimerWords.Count(lower.Contains),
            words.Count == 0 ? 0 : (double)words.Count(w => w is "i" or "my" or "me" or "i'm") / words.Count,
            lower.Contains("sorry", StringComparison.Ordinal) || lower.Contains("apolog", StringComparison.Ordinal) ? 1 : 0,
        ];
    }

    /// <summary>Lower-cased WordPunct tokens that contain a letter or digit.</summary>
    public static List<string> Words(string text) =>
        WordPunctTokenizer.Tokenize(text.ToLowerInvariant()).Where(t => t.Any(char.IsLetterOrDigit)).ToList();

    private static string[] Lines(string text) => text.Split('\n');

    private static List<string> Sentences(string text) =>
        text.Split(['.', '!', '?', '\n'], StringSplitOptions.RemoveEmptyEntries).Where(s => s.Any(char.IsLetterOrDigit)).ToList();

    private static bool IsListLine(string line)
    {
        var t = line.TrimStart();
        return t.StartsWith("- ", StringComparison.Ordinal) || t.StartsWith("* ", StringComparison.Ordinal) || t.StartsWith('•') || NumberedPrefix(t) > 0;
    }

    /// <summary>Length of a "12." or "3)" list number at the start of a line, 0 when there is none.</summary>
    private static int NumberedPrefix(string line)
    {
        var digits = 0;
        while (digits < line.Length && digits < 3 && char.IsAsciiDigit(line[digits]))
            digits++;
        return digits > 0 && digits < line.Length && line[digits] is '.' or ')' ? digits + 1 : 0;
    }

    private static int Count(string text, char c) => text.Count(x => x == c);
}

using System.Buffers;
using System.IO.Compression;
using System.Text;
using Winnow.Scoring.Default;
using Winnow.Text;

namespace Winnow.Quality.Features;

/// <summary>
/// The hand-written, model-free features of one (prompt, response): lengths and ratios, lexical metrics, structure,
/// prompt/response overlap, repetition and refusal markers. Every feature is a plain function of the two texts, so
/// a row scores the same in any pool. Names are stable: they are written into a saved model's feature spec.
/// The groups read one shared <see cref="FeatureText"/> (each text tokenised once, words as ids) and single passes
/// over the characters; <see cref="TextFeaturesReference"/> states each feature plainly, and tests hold the two to
/// bit-identical values.
/// </summary>
public static class TextFeatures
{
    private const int MtldMinimumTokens = 10;
    private const double MtldCap = 200;
    private const int OpeningWords = 8;

    /// <summary>All canned phrases in one case-insensitive search: the same answer as <see cref="CannedPhrases.Contains"/>'s phrase-by-phrase scan.</summary>
    private static readonly SearchValues<string> Canned = SearchValues.Create([.. CannedPhrases.All], StringComparison.OrdinalIgnoreCase);

    private static readonly string[] DisclaimerWords = ["however", "note that", "it is important", "keep in mind", "depends on", "i'm sorry", "i am sorry", "as an ai", "i cannot", "i can't"];

    /// <summary>Feature names per group, in vector order.</summary>
    public static IReadOnlyDictionary<string, string[]> Names { get; } = new Dictionary<string, string[]>
    {
        ["length"] = ["log_chars", "log_words", "log_lines", "log_sentences", "log_words_over_prompt", "mean_word_chars", "mean_sentence_words"],
        ["lexical"] = ["ttr", "root_ttr", "mtld", "mtld_undefined"],
        ["structure"] = ["list_line_share", "log_numbered_lines", "log_paragraphs", "code_fence", "log_inline_code", "markdown_emphasis",
            "heading", "colon_intro", "starts_upper", "ends_terminal", "sentence_period_share", "upper_share", "digit_share", "newline_share"],
        ["overlap"] = ["response_in_prompt", "prompt_in_response", "opening_in_prompt", "echoes_prompt"],
        ["repetition"] = ["compression_ratio", "repeated_trigram_share", "log_max_line_repeats", "top_word_share"],
        ["markers"] = ["canned_refusal", "disclaimer_markers", "first_person_share", "apology"],
    };

    public static double[] Compute(string group, string prompt, string response)
    {
        if (!Names.TryGetValue(group, out var names))
            throw new ArgumentException($"unknown text feature group '{group}'; expected one of {string.Join(", ", Names.Keys)}");
        var values = new double[names.Length];
        Write(group, FeatureText.Of(prompt, response), values);
        return values;
    }

    /// <summary>Writes one group's values (<see cref="Names"/>' order) of an analysed row into <paramref name="values"/>.</summary>
    internal static void Write(string group, FeatureText text, Span<double> values)
    {
        switch (group)
        {
            case "length": Length(text, values); break;
            case "lexical": Lexical(text, values); break;
            case "structure": Structure(text.Response, values); break;
            case "overlap": Overlap(text, values); break;
            case "repetition": Repetition(text, values); break;
            case "markers": Markers(text, values); break;
            default: throw new ArgumentException($"unknown text feature group '{group}'; expected one of {string.Join(", ", Names.Keys)}");
        }
    }

    private static void Length(FeatureText text, Span<double> v)
    {
        var response = text.Response;
        var words = text.ResponseWordCount;
        var sentences = SentenceCount(response);
        v[0] = Math.Log(1 + response.Length);
        v[1] = Math.Log(1 + words);
        v[2] = Math.Log(1 + LineCount(response));
        v[3] = Math.Log(1 + sentences);
        v[4] = Math.Log((1.0 + words) / (1 + text.PromptWordCount));
        // Enumerable.Average's arithmetic: a long sum over a long count.
        v[5] = words == 0 ? 0 : (double)text.ResponseWordChars / (long)words;
        v[6] = sentences == 0 ? 0 : (double)words / sentences;
    }

    private static void Lexical(FeatureText text, Span<double> v)
    {
        var tokens = text.LexicalTokens(out var types);
        var n = tokens.Length;
        var mtldDefined = n >= MtldMinimumTokens;
        v[0] = n == 0 ? 0 : TypeTokenRatios.Ttr(types, n);
        v[1] = n == 0 ? 0 : TypeTokenRatios.RootTtr(types, n);
        v[2] = mtldDefined ? Math.Min(Mtld.Compute(tokens, types), MtldCap) / MtldCap : 0;
        v[3] = mtldDefined ? 0 : 1;
    }

    private static void Structure(string response, Span<double> v)
    {
        int lines = 0, listLines = 0, numbered = 0;
        bool heading = false, colonIntro = false;
        foreach (var line in response.AsSpan().Split('\n'))
        {
            var whole = response.AsSpan(line);
            if (whole.Trim().Length == 0)
                continue;
            lines++;
            var start = whole.TrimStart();
            if (IsListLine(start))
                listLines++;
            if (NumberedPrefix(start) > 0)
                numbered++;
            heading |= start.StartsWith('#');
            colonIntro |= whole.TrimEnd().EndsWith(':');
        }
        int letters = 0, upper = 0, digits = 0, newlines = 0, backticks = 0;
        foreach (var c in response)
        {
            if (char.IsLetter(c))
                letters++;
            if (char.IsUpper(c))
                upper++;
            if (char.IsDigit(c))
                digits++;
            if (c == '\n')
                newlines++;
            if (c == '`')
                backticks++;
        }
        var trimmed = response.AsSpan().Trim();
        v[0] = lines == 0 ? 0 : (double)listLines / lines;
        v[1] = Math.Log(1 + numbered);
        v[2] = Math.Log(1 + ParagraphCount(response));
        v[3] = response.Contains("```", StringComparison.Ordinal) ? 1 : 0;
        v[4] = Math.Log(1 + backticks / 2);
        v[5] = response.Contains("**", StringComparison.Ordinal) ? 1 : 0;
        v[6] = heading ? 1 : 0;
        v[7] = colonIntro ? 1 : 0;
        v[8] = trimmed.Length > 0 && char.IsUpper(trimmed[0]) ? 1 : 0;
        v[9] = trimmed.Length > 0 && ".!?)\"".Contains(trimmed[^1]) ? 1 : 0;
        // The sentences are the pieces between '.', '!', '?' and newlines, so none can end with a period: the
        // feature is 0 for every text (kept, as saved models read it).
        v[10] = 0;
        v[11] = letters == 0 ? 0 : (double)upper / letters;
        v[12] = response.Length == 0 ? 0 : (double)digits / response.Length;
        v[13] = response.Length == 0 ? 0 : (double)newlines / response.Length * 100;
    }

    private static void Overlap(FeatureText text, Span<double> v)
    {
        var responseWords = text.ResponseWords;
        var promptWords = text.PromptWords;
        var types = text.WordTypes;
        var inPrompt = ArrayPool<bool>.Shared.Rent(types);
        var inResponse = ArrayPool<bool>.Shared.Rent(types);
        Array.Clear(inPrompt, 0, types);
        Array.Clear(inResponse, 0, types);
        var promptTypes = 0;
        foreach (var id in promptWords)
        {
            if (!inPrompt[id])
                promptTypes++;
            inPrompt[id] = true;
        }
        foreach (var id in responseWords)
            inResponse[id] = true;
        int responseInPrompt = 0, openingInPrompt = 0, promptInResponse = 0;
        var opening = Math.Min(OpeningWords, responseWords.Length);
        for (var i = 0; i < responseWords.Length; i++)
        {
            if (!inPrompt[responseWords[i]])
                continue;
            responseInPrompt++;
            if (i < opening)
                openingInPrompt++;
        }
        for (var id = 0; id < types; id++)
        {
            if (inPrompt[id] && inResponse[id])
                promptInResponse++;
        }
        ArrayPool<bool>.Shared.Return(inPrompt);
        ArrayPool<bool>.Shared.Return(inResponse);
        var answer = text.Response.AsSpan().Trim();
        var prompt = text.Prompt;
        v[0] = responseWords.Length == 0 ? 0 : (double)responseInPrompt / responseWords.Length;
        v[1] = promptTypes == 0 ? 0 : (double)promptInResponse / promptTypes;
        v[2] = opening == 0 ? 0 : (double)openingInPrompt / opening;
        v[3] = answer.Length > 0 && answer.Length > 0.5 * prompt.AsSpan().Trim().Length && prompt.AsSpan().IndexOf(answer, StringComparison.Ordinal) >= 0 ? 1 : 0;
    }

    /// <summary>Repetition: Deflate ratio (looping text compresses far better), repeated word trigrams, repeated lines, dominant word.</summary>
    public static double[] Repetition(string response)
    {
        var values = new double[Names["repetition"].Length];
        Repetition(FeatureText.Of("", response), values);
        return values;
    }

    internal static void Repetition(FeatureText text, Span<double> v)
    {
        var words = text.ResponseWords;
        var n = words.Length;
        var repeatedTrigrams = 0;
        if (n >= 3)
        {
            var trigrams = new HashSet<(int, int, int)>(n - 2);
            for (var i = 0; i + 3 <= n; i++)
                trigrams.Add((words[i], words[i + 1], words[i + 2]));
            // Each trigram beyond the first of its kind is a repeat.
            repeatedTrigrams = n - 2 - trigrams.Count;
        }
        var top = 0;
        if (n > 0)
        {
            var counts = ArrayPool<int>.Shared.Rent(text.WordTypes);
            Array.Clear(counts, 0, text.WordTypes);
            foreach (var id in words)
                top = Math.Max(top, ++counts[id]);
            ArrayPool<int>.Shared.Return(counts);
        }
        var lineRepeats = MaxLineRepeats(text.Response);
        v[0] = CompressionRatio(text.ResponseDeflatedSize, Encoding.UTF8.GetByteCount(text.Response));
        v[1] = n < 3 ? 0 : (double)repeatedTrigrams / (n - 2);
        v[2] = Math.Log(1 + Math.Max(0, lineRepeats - 1));
        v[3] = n == 0 ? 0 : (double)top / n;
    }

    /// <summary>How often the most frequent non-blank line occurs (compared trimmed); 0 without one.</summary>
    private static int MaxLineRepeats(string response)
    {
        var counts = new Dictionary<string, int>(StringComparer.Ordinal);
        var lookup = counts.GetAlternateLookup<ReadOnlySpan<char>>();
        var max = 0;
        foreach (var range in response.AsSpan().Split('\n'))
        {
            var line = response.AsSpan(range).Trim();
            if (line.Length == 0)
                continue;
            var count = lookup.TryGetValue(line, out var seen) ? seen + 1 : 1;
            lookup[line] = count;
            max = Math.Max(max, count);
        }
        return max;
    }

    /// <summary>Deflate-compressed size over UTF-8 size (1 for an empty text); repetitive text scores low.</summary>
    public static double CompressionRatio(string text) => CompressionRatio(DeflatedSize(text), Encoding.UTF8.GetByteCount(text));

    /// <summary>The ratio of a text of <paramref name="raw"/> UTF-8 bytes whose Deflate size is <paramref name="compressed"/>.</summary>
    public static double CompressionRatio(int compressed, int raw) => raw == 0 ? 1 : (double)compressed / raw;

    /// <summary>The size of the text's UTF-8 bytes compressed by Deflate at the optimal level (0 for an empty text, which is not compressed).</summary>
    public static int DeflatedSize(string text)
    {
        var rented = ArrayPool<byte>.Shared.Rent(Encoding.UTF8.GetMaxByteCount(text.Length));
        var length = Encoding.UTF8.GetBytes(text, rented);
        try
        {
            if (length == 0)
                return 0;
            // Only the compressed size is needed: the stream counts the bytes instead of keeping them.
            var sink = new CountingStream();
            using (var deflate = new DeflateStream(sink, CompressionLevel.Optimal, leaveOpen: true))
                deflate.Write(rented, 0, length);
            return checked((int)sink.Length);
        }
        finally
        {
            ArrayPool<byte>.Shared.Return(rented);
        }
    }

    private static void Markers(FeatureText text, Span<double> v)
    {
        var lower = text.LowerResponse;
        var disclaimers = 0;
        foreach (var marker in DisclaimerWords)
        {
            if (lower.Contains(marker, StringComparison.Ordinal))
                disclaimers++;
        }
        var firstPerson = 0;
        int i = text.IdOf("i"), my = text.IdOf("my"), me = text.IdOf("me");
        // "i'm" is never a word here: the apostrophe splits it.
        foreach (var id in text.ResponseWords)
        {
            if (id == i || id == my || id == me)
                firstPerson++;
        }
        var words = text.ResponseWordCount;
        v[0] = text.Response.AsSpan().ContainsAny(Canned) ? 1 : 0;
        v[1] = disclaimers;
        v[2] = words == 0 ? 0 : (double)firstPerson / words;
        v[3] = lower.Contains("sorry", StringComparison.Ordinal) || lower.Contains("apolog", StringComparison.Ordinal) ? 1 : 0;
    }

    /// <summary>Lower-cased WordPunct tokens that contain a letter or digit.</summary>
    public static List<string> Words(string text) => FeatureText.Words(text);

    /// <summary>Pieces between '.', '!', '?' and newlines that hold a letter or digit.</summary>
    private static int SentenceCount(string text)
    {
        var sentences = 0;
        var letterOrDigit = false;
        foreach (var c in text)
        {
            if (c is '.' or '!' or '?' or '\n')
            {
                if (letterOrDigit)
                    sentences++;
                letterOrDigit = false;
            }
            else
                letterOrDigit |= char.IsLetterOrDigit(c);
        }
        return letterOrDigit ? sentences + 1 : sentences;
    }

    private static int LineCount(string text) => text.AsSpan().Count('\n') + 1;

    /// <summary>
    /// Non-empty pieces between "\n\n" or "\r\n\r\n" separators, found as string.Split finds them: left to right,
    /// at each position the first separator in that order that matches.
    /// </summary>
    private static int ParagraphCount(string text)
    {
        var paragraphs = 0;
        var start = 0;
        var i = 0;
        while (i < text.Length)
        {
            var separator = text.AsSpan(i).StartsWith("\n\n") ? 2 : text.AsSpan(i).StartsWith("\r\n\r\n") ? 4 : 0;
            if (separator == 0)
            {
                i++;
                continue;
            }
            if (i > start)
                paragraphs++;
            i += separator;
            start = i;
        }
        return text.Length > start ? paragraphs + 1 : paragraphs;
    }

    private static bool IsListLine(ReadOnlySpan<char> trimmedStart) =>
        trimmedStart.StartsWith("- ") || trimmedStart.StartsWith("* ") || trimmedStart.StartsWith('•') || NumberedPrefix(trimmedStart) > 0;

    /// <summary>Length of a "12." or "3)" list number at the start of a line, 0 when there is none.</summary>
    private static int NumberedPrefix(ReadOnlySpan<char> line)
    {
        var digits = 0;
        while (digits < line.Length && digits < 3 && char.IsAsciiDigit(line[digits]))
            digits++;
        return digits > 0 && digits < line.Length && line[digits] is '.' or ')' ? digits + 1 : 0;
    }

    /// <summary>A write-only stream that keeps nothing but the number of bytes written to it.</summary>
    private sealed class CountingStream : Stream
    {
        private long _length;

        public override bool CanRead => false;

        public override bool CanSeek => false;

        public override bool CanWrite => true;

        public override long Length => _length;

        public override long Position
        {
            get => _length;
            set => throw new NotSupportedException();
        }

        public override void Write(byte[] buffer, int offset, int count) => _length += count;

        public override void Write(ReadOnlySpan<byte> buffer) => _length += buffer.Length;

        public override void Flush()
        {
        }

        public override int Read(byte[] buffer, int offset, int count) => throw new NotSupportedException();

        public override long Seek(long offset, SeekOrigin origin) => throw new NotSupportedException();

        public override void SetLength(long value) => throw new NotSupportedException();
    }
}

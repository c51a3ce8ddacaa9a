using System.Buffers;
using System.Globalization;

namespace Winnow.Tokenizers;

/// <summary>
/// Finds added tokens in a text: at each position the longest added token that starts there wins (leftmost-longest,
/// as the reference does); the text between matches is left for the normalizer and model.
/// </summary>
internal sealed class AddedTokenSplitter
{
    private readonly Dictionary<char, AddedToken[]> _byFirstChar;
    private readonly SearchValues<char> _firstChars;

    public AddedTokenSplitter(IEnumerable<AddedToken> tokens, Func<AddedToken, string> contentOf)
    {
        _byFirstChar = tokens
            .Select(t => (Token: t, Content: contentOf(t)))
            .Where(x => x.Content.Length > 0)
            .GroupBy(x => x.Content[0])
            .ToDictionary(g => g.Key, g => g.OrderByDescending(x => x.Content.Length)
                .Select(x => x.Token with { Content = x.Content }).ToArray());
        _firstChars = SearchValues.Create([.. _byFirstChar.Keys]);
    }

    public bool IsEmpty => _byFirstChar.Count == 0;

    /// <summary>Splits text[start..end) into segments; Token is null for plain text.</summary>
    public void Split(string text, List<(int Start, int End, AddedToken? Token)> output)
    {
        int gapStart = 0;
        int i = 0;
        while (i < text.Length)
        {
            int next = text.AsSpan(i).IndexOfAny(_firstChars);
            if (next < 0) break;
            i += next;
            var match = MatchAt(text, i);
            if (match is null) { i++; continue; }
            int ms = i, me = i + match.Content.Length;
            if (match.LStrip) while (ms > gapStart && char.IsWhiteSpace(text[ms - 1])) ms--;
            if (match.RStrip) while (me < text.Length && char.IsWhiteSpace(text[me])) me++;
            if (ms > gapStart) output.Add((gapStart, ms, null));
            output.Add((ms, me, match));
            gapStart = i = me;
        }
        if (gapStart < text.Length) output.Add((gapStart, text.Length, null));
    }

    private AddedToken? MatchAt(string text, int i)
    {
        foreach (var t in _byFirstChar[text[i]])
        {
            if (!text.AsSpan(i).StartsWith(t.Content, StringComparison.Ordinal)) continue;
            if (t.SingleWord && !IsWholeWord(text, i, i + t.Content.Length)) continue;
            return t;
        }
        return null;
    }

    private static bool IsWholeWord(string text, int start, int end) =>
        (start == 0 || !IsWordChar(text[start - 1])) && (end == text.Length || !IsWordChar(text[end]));

    private static bool IsWordChar(char c) =>
        char.IsLetterOrDigit(c) || CharUnicodeInfo.GetUnicodeCategory(c) is UnicodeCategory.ConnectorPunctuation
            or UnicodeCategory.NonSpacingMark;
}

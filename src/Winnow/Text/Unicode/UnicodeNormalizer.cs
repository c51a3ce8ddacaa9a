using System.Text;

namespace Winnow.Text.Unicode;

/// <summary>The four Unicode normalization forms of UAX #15.</summary>
internal enum UnicodeForm { Nfc, Nfd, Nfkc, Nfkd }

/// <summary>
/// Winnow's one Unicode normaliser (UAX #15: full decomposition, canonical ordering, canonical composition), run over
/// the data of the Unicode version the reproduced implementation uses (<see cref="UnicodeTables"/>). It is managed
/// because Winnow runs with InvariantGlobalization, where <see cref="string.Normalize()"/> leaves non-ASCII text as
/// is. A lone surrogate passes through unchanged, as in JavaScript and Python, rather than becoming U+FFFD.
/// </summary>
internal static class UnicodeNormalizer
{
    /// <summary>True when no character of <paramref name="s"/> can change under <paramref name="form"/> (a cheap test).</summary>
    public static bool IsTriviallyStable(ReadOnlySpan<char> s, UnicodeForm form)
    {
        // Below U+00A0 nothing decomposes, composes or has a combining class; NFC/NFD also leave U+00A0..U+00BF alone.
        var limit = form is UnicodeForm.Nfc or UnicodeForm.Nfd ? '\u00C0' : '\u00A0';
        return !s.ContainsAnyExceptInRange('\0', (char)(limit - 1));
    }

    public static string Normalize(string text, UnicodeForm form, UnicodeTables tables)
    {
        var compatibility = form is UnicodeForm.Nfkc or UnicodeForm.Nfkd;
        if (!compatibility && !tables.HasCanonicalForms)
            throw new ArgumentException($"the Unicode data of {tables.Source} has no canonical decompositions, so it cannot give {form}");
        if (IsTriviallyStable(text, form))
            return text;
        var codePoints = CodePoints.Of(text);
        if (!codePoints.Exists(c => tables.MayChange(c, compatibility)))
            return text;
        var points = Decompose(codePoints, compatibility, tables);
        Reorder(points, tables);
        if (form is UnicodeForm.Nfc or UnicodeForm.Nfkc)
            Compose(points, tables);
        var builder = new StringBuilder(points.Count);
        foreach (var c in points)
        {
            if (c is >= 0xD800 and < 0xE000)
                builder.Append((char)c);
            else
                builder.Append(char.ConvertFromUtf32(c));
        }
        return builder.ToString();
    }

    private static List<int> Decompose(List<int> codePoints, bool compatibility, UnicodeTables tables)
    {
        var points = new List<int>(codePoints.Count + 8);
        foreach (var c in codePoints)
        {
            var s = c - UnicodeTables.HangulSBase;
            if (s is >= 0 and < UnicodeTables.HangulSCount)
            {
                points.Add(UnicodeTables.HangulLBase + s / UnicodeTables.HangulNCount);
                points.Add(UnicodeTables.HangulVBase + s % UnicodeTables.HangulNCount / UnicodeTables.HangulTCount);
                if (s % UnicodeTables.HangulTCount != 0)
                    points.Add(UnicodeTables.HangulTBase + s % UnicodeTables.HangulTCount);
            }
            else if (tables.Decomposition(c, compatibility) is { } mapped)
            {
                points.AddRange(mapped);
            }
            else
            {
                points.Add(c);
            }
        }
        return points;
    }

    /// <summary>Stable sort of every run of non-starters by combining class (insertion sort: runs are short).</summary>
    private static void Reorder(List<int> points, UnicodeTables tables)
    {
        for (var i = 1; i < points.Count; i++)
        {
            var rank = tables.Rank(points[i]);
            if (rank == 0)
                continue;
            var c = points[i];
            var j = i;
            while (j > 0 && tables.Rank(points[j - 1]) > rank)
            {
                points[j] = points[j - 1];
                j--;
            }
            points[j] = c;
        }
    }

    /// <summary>Canonical composition in place (UAX #15 sample algorithm).</summary>
    private static void Compose(List<int> points, UnicodeTables tables)
    {
        if (points.Count < 2)
            return;
        var starterPos = 0;
        // A leading non-starter has no starter to compose with: 256 blocks it.
        var lastRank = tables.Rank(points[0]) == 0 ? 0 : 256;
        var written = 1;
        for (var i = 1; i < points.Count; i++)
        {
            var c = points[i];
            var rank = tables.Rank(c);
            var composite = lastRank == 256 ? -1 : ComposePair(points[starterPos], c, tables);
            if (composite >= 0 && (lastRank < rank || lastRank == 0))
            {
                points[starterPos] = composite;
                continue;
            }
            if (rank == 0)
                starterPos = written;
            lastRank = rank;
            points[written++] = c;
        }
        points.RemoveRange(written, points.Count - written);
    }

    private static int ComposePair(int first, int second, UnicodeTables tables)
    {
        int l = first - UnicodeTables.HangulLBase, v = second - UnicodeTables.HangulVBase;
        if (l is >= 0 and < UnicodeTables.HangulLCount && v is >= 0 and < UnicodeTables.HangulVCount)
            return UnicodeTables.HangulSBase + (l * UnicodeTables.HangulVCount + v) * UnicodeTables.HangulTCount;
        int s = first - UnicodeTables.HangulSBase, t = second - UnicodeTables.HangulTBase;
        if (s is >= 0 and < UnicodeTables.HangulSCount && s % UnicodeTables.HangulTCount == 0 && t is > 0 and < UnicodeTables.HangulTCount)
            return first + t;
        return tables.Composite(first, second);
    }
}

using System.Globalization;
using System.Text;

namespace Winnow.Embedding.UseLite;

/// <summary>
/// Unicode NFKC (compatibility decomposition, canonical ordering, canonical composition; UAX #15), managed.
/// The USE-lite tokenizer normalises with JavaScript's <c>String.prototype.normalize("NFKC")</c>, and
/// <see cref="string.Normalize()"/> cannot stand in: Winnow runs with InvariantGlobalization, where .NET has no
/// compatibility mappings. The data (<see cref="NfkcTables"/>) is generated from the ICU the package runs on.
/// Lone surrogates pass through unchanged, as in JavaScript.
/// </summary>
internal static class Nfkc
{
    private const int HangulSBase = 0xAC00, HangulLBase = 0x1100, HangulVBase = 0x1161, HangulTBase = 0x11A7;
    private const int HangulLCount = 19, HangulVCount = 21, HangulTCount = 28;
    private const int HangulNCount = HangulVCount * HangulTCount, HangulSCount = HangulLCount * HangulNCount;

    private static readonly Lazy<Data> Tables = new(Data.Parse);

    public static string Normalize(string text)
    {
        // Nothing below U+00A0 decomposes, reorders or composes: ASCII text, the common case, is returned as is.
        if (!text.AsSpan().ContainsAnyExceptInRange('\0', '\u009F'))
            return text;
        var data = Tables.Value;
        var codePoints = CodePoints.Of(text);
        // Text in which nothing decomposes, reorders or can combine with what precedes it is already NFKC.
        if (!codePoints.Exists(data.MayChange))
            return text;
        var points = Decompose(codePoints, data);
        Reorder(points, data);
        var count = Compose(points, data);
        var builder = new StringBuilder(count);
        for (var i = 0; i < count; i++)
        {
            var c = points[i];
            if (c is >= 0xD800 and < 0xE000)
                builder.Append((char)c);
            else
                builder.Append(char.ConvertFromUtf32(c));
        }
        return builder.ToString();
    }

    private static List<int> Decompose(List<int> codePoints, Data data)
    {
        var points = new List<int>(codePoints.Count + 8);
        foreach (var c in codePoints)
        {
            if (c is >= HangulSBase and < HangulSBase + HangulSCount)
            {
                var s = c - HangulSBase;
                points.Add(HangulLBase + s / HangulNCount);
                points.Add(HangulVBase + s % HangulNCount / HangulTCount);
                if (s % HangulTCount != 0)
                    points.Add(HangulTBase + s % HangulTCount);
            }
            else if (data.Decompositions.TryGetValue(c, out var mapped))
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
    private static void Reorder(List<int> points, Data data)
    {
        for (var i = 1; i < points.Count; i++)
        {
            var rank = data.Rank(points[i]);
            if (rank == 0)
                continue;
            var c = points[i];
            var j = i;
            while (j > 0 && data.Rank(points[j - 1]) > rank)
            {
                points[j] = points[j - 1];
                j--;
            }
            points[j] = c;
        }
    }

    /// <summary>Canonical composition in place (UAX #15 sample algorithm); returns the new length.</summary>
    private static int Compose(List<int> points, Data data)
    {
        if (points.Count == 0)
            return 0;
        var starterPos = 0;
        var starter = points[0];
        // A leading non-starter has no starter to compose with: 256 blocks it.
        var lastRank = data.Rank(starter) == 0 ? 0 : 256;
        var written = 1;
        for (var i = 1; i < points.Count; i++)
        {
            var c = points[i];
            var rank = data.Rank(c);
            var composite = ComposePair(starter, c, data);
            if (composite >= 0 && (lastRank < rank || lastRank == 0))
            {
                points[starterPos] = composite;
                starter = composite;
                continue;
            }
            if (rank == 0)
            {
                starterPos = written;
                starter = c;
            }
            lastRank = rank;
            points[written++] = c;
        }
        return written;
    }

    private static int ComposePair(int first, int second, Data data)
    {
        if (first is >= HangulLBase and < HangulLBase + HangulLCount && second is >= HangulVBase and < HangulVBase + HangulVCount)
            return HangulSBase + ((first - HangulLBase) * HangulVCount + (second - HangulVBase)) * HangulTCount;
        if (first is >= HangulSBase and < HangulSBase + HangulSCount && (first - HangulSBase) % HangulTCount == 0
            && second is > HangulTBase and < HangulTBase + HangulTCount)
            return first + (second - HangulTBase);
        return data.Compositions.TryGetValue(((long)first << 21) | (uint)second, out var composite) ? composite : -1;
    }

    private sealed class Data
    {
        public required Dictionary<int, int[]> Decompositions { get; init; }

        public required Dictionary<int, int> Ranks { get; init; }

        public required Dictionary<long, int> Compositions { get; init; }

        /// <summary>Code points that decompose, are non-starters, or compose with a preceding starter.</summary>
        public required HashSet<int> Active { get; init; }

        public int Rank(int c) => c < 0x300 ? 0 : Ranks.GetValueOrDefault(c);

        public bool MayChange(int c)
            => c >= 0xA0 && (c is >= HangulSBase and < HangulSBase + HangulSCount || Active.Contains(c));

        public static Data Parse()
        {
            var decompositions = new Dictionary<int, int[]>();
            foreach (var entry in Entries(NfkcTables.Decompositions))
            {
                var run = entry.IndexOf('>');
                if (run >= 0)
                {
                    var (from, to) = Range(entry[..run]);
                    var target = Hex(entry[(run + 1)..]);
                    for (var c = from; c <= to; c++)
                        decompositions[c] = [target + (c - from)];
                }
                else
                {
                    var eq = entry.IndexOf('=');
                    decompositions[Hex(entry[..eq])] = entry[(eq + 1)..].Split(' ').Select(Hex).ToArray();
                }
            }
            var ranks = new Dictionary<int, int>();
            foreach (var entry in Entries(NfkcTables.NonStarterRanks))
            {
                var colon = entry.IndexOf(':');
                var (from, to) = Range(entry[..colon]);
                var rank = int.Parse(entry[(colon + 1)..], CultureInfo.InvariantCulture);
                for (var c = from; c <= to; c++)
                    ranks[c] = rank;
            }
            var compositions = new Dictionary<long, int>();
            foreach (var entry in Entries(NfkcTables.Compositions))
            {
                var plus = entry.IndexOf('+');
                var eq = entry.IndexOf('=');
                compositions[((long)Hex(entry[..plus]) << 21) | (uint)Hex(entry[(plus + 1)..eq])] = Hex(entry[(eq + 1)..]);
            }
            var active = new HashSet<int>(decompositions.Keys);
            active.UnionWith(ranks.Keys);
            active.UnionWith(compositions.Keys.Select(pair => (int)(pair & 0x1FFFFF)));
            // Hangul vowel and trailing jamo compose with a preceding syllable or leading jamo.
            active.UnionWith(Enumerable.Range(HangulVBase, HangulVCount));
            active.UnionWith(Enumerable.Range(HangulTBase + 1, HangulTCount - 1));
            return new Data { Decompositions = decompositions, Ranks = ranks, Compositions = compositions, Active = active };
        }

        private static IEnumerable<string> Entries(string table) => table.Split(';', StringSplitOptions.RemoveEmptyEntries);

        private static (int From, int To) Range(string text)
        {
            var dash = text.IndexOf('-');
            return dash < 0 ? (Hex(text), Hex(text)) : (Hex(text[..dash]), Hex(text[(dash + 1)..]));
        }

        private static int Hex(string text) => int.Parse(text, NumberStyles.AllowHexSpecifier, CultureInfo.InvariantCulture);
    }
}

using System.Globalization;

namespace Winnow.Text.Unicode;

/// <summary>
/// The data one version of Unicode normalisation needs: decompositions, the order of combining classes, and primary
/// composites. <see cref="UnicodeNormalizer"/> runs one algorithm over any of these sets; the sets differ because
/// the implementations Winnow must reproduce run on different Unicode versions — Hugging Face tokenizers on
/// UCD 14.0, the USE-lite tokenizer on the ICU of Node (Unicode 17.0) — and 99 code points normalise differently
/// between the two.
/// </summary>
internal sealed class UnicodeTables
{
    public const int HangulSBase = 0xAC00, HangulLBase = 0x1100, HangulVBase = 0x1161, HangulTBase = 0x11A7;
    public const int HangulLCount = 19, HangulVCount = 21, HangulTCount = 28;
    public const int HangulNCount = HangulVCount * HangulTCount, HangulSCount = HangulLCount * HangulNCount;

    /// <summary>UCD 14.0.0 (Python's unicodedata), with canonical and compatibility decompositions: all four forms.</summary>
    public static UnicodeTables Ucd14 => Ucd14Tables.Value;

    /// <summary>Node's ICU (<see cref="IcuNfkcData.UnicodeVersion"/>): compatibility decompositions only, so NFKC and NFKD.</summary>
    public static UnicodeTables NodeIcu => NodeIcuTables.Value;

    private static readonly Lazy<UnicodeTables> Ucd14Tables = new(ParseUcd);
    private static readonly Lazy<UnicodeTables> NodeIcuTables = new(ParseIcu);

    private UnicodeTables(string source, Dictionary<int, int> ranks, Dictionary<int, int[]>? canonical,
        Dictionary<int, int[]> compatibility, Dictionary<long, int> compositions)
    {
        Source = source;
        _ranks = ranks;
        _canonical = canonical;
        _compatibility = compatibility;
        _compositions = compositions;
        // A code point can change a text under a form when it decomposes, is a non-starter (it may be reordered), or
        // composes with what precedes it; Hangul vowels and trailing jamo compose arithmetically.
        var common = new HashSet<int>(ranks.Keys);
        common.UnionWith(compositions.Keys.Select(pair => (int)(pair & 0x1FFFFF)));
        common.UnionWith(Enumerable.Range(HangulVBase, HangulVCount));
        common.UnionWith(Enumerable.Range(HangulTBase + 1, HangulTCount - 1));
        IEnumerable<int> canonicalKeys = canonical is null ? [] : canonical.Keys;
        _mayChangeCanonical = [.. common, .. canonicalKeys];
        _mayChangeCompatibility = [.. common, .. canonicalKeys, .. compatibility.Keys];
    }

    /// <summary>Where the data comes from, with its Unicode version.</summary>
    public string Source { get; }

    /// <summary>False for a set that has compatibility decompositions only (NFC and NFD are then refused).</summary>
    public bool HasCanonicalForms => _canonical is not null;

    private readonly Dictionary<int, int> _ranks;
    private readonly Dictionary<int, int[]>? _canonical;
    private readonly Dictionary<int, int[]> _compatibility;
    private readonly Dictionary<long, int> _compositions;
    private readonly HashSet<int> _mayChangeCanonical;
    private readonly HashSet<int> _mayChangeCompatibility;

    /// <summary>The canonical combining class, or a rank that orders classes the same way; 0 for a starter.</summary>
    public int Rank(int c) => c < 0x300 ? 0 : _ranks.GetValueOrDefault(c);

    /// <summary>The full decomposition of <paramref name="c"/> under the form, or null when it maps to itself.</summary>
    public int[]? Decomposition(int c, bool compatibility)
    {
        if (compatibility && _compatibility.TryGetValue(c, out var k))
            return k;
        return _canonical is not null && _canonical.TryGetValue(c, out var d) ? d : null;
    }

    /// <summary>The primary composite of the pair, or −1.</summary>
    public int Composite(int first, int second) => _compositions.TryGetValue(Key(first, second), out var c) ? c : -1;

    public bool MayChange(int c, bool compatibility) =>
        c is >= HangulSBase and < HangulSBase + HangulSCount
        || (compatibility ? _mayChangeCompatibility : _mayChangeCanonical).Contains(c);

    private static long Key(int first, int second) => ((long)first << 21) | (uint)second;

    /// <summary>Ucd14Data: "cp=class" pairs, "cp&gt;canonical" and "cp~compatibility" decompositions, "composite&lt;first second".</summary>
    private static UnicodeTables ParseUcd()
    {
        var ranks = new Dictionary<int, int>();
        foreach (var entry in Entries(Ucd14Data.CombiningClasses))
        {
            var eq = entry.IndexOf('=');
            ranks[Hex(entry[..eq])] = int.Parse(entry[(eq + 1)..], CultureInfo.InvariantCulture);
        }
        var canonical = new Dictionary<int, int[]>();
        var compatibility = new Dictionary<int, int[]>();
        foreach (var entry in Entries(Ucd14Data.Decompositions))
        {
            var sep = entry.IndexOfAny(['>', '~']);
            (entry[sep] == '>' ? canonical : compatibility)[Hex(entry[..sep])] = HexList(entry[(sep + 1)..]);
        }
        // The compatibility map holds only entries that differ from the canonical one; the lookup falls back to it.
        var compositions = new Dictionary<long, int>();
        foreach (var entry in Entries(Ucd14Data.Compositions))
        {
            var lt = entry.IndexOf('<');
            var pair = HexList(entry[(lt + 1)..]);
            compositions[Key(pair[0], pair[1])] = Hex(entry[..lt]);
        }
        return new UnicodeTables("UCD 14.0.0", ranks, canonical, compatibility, compositions);
    }

    /// <summary>IcuNfkcData: "cp=full NFKD" or "A-B&gt;V" runs, "cp:rank" or "A-B:rank", "first+second=composite".</summary>
    private static UnicodeTables ParseIcu()
    {
        var compatibility = new Dictionary<int, int[]>();
        foreach (var entry in Entries(IcuNfkcData.Decompositions))
        {
            var run = entry.IndexOf('>');
            if (run >= 0)
            {
                var (from, to) = Range(entry[..run]);
                var target = Hex(entry[(run + 1)..]);
                for (var c = from; c <= to; c++)
                    compatibility[c] = [target + (c - from)];
            }
            else
            {
                var eq = entry.IndexOf('=');
                compatibility[Hex(entry[..eq])] = HexList(entry[(eq + 1)..]);
            }
        }
        var ranks = new Dictionary<int, int>();
        foreach (var entry in Entries(IcuNfkcData.NonStarterRanks))
        {
            var colon = entry.IndexOf(':');
            var (from, to) = Range(entry[..colon]);
            var rank = int.Parse(entry[(colon + 1)..], CultureInfo.InvariantCulture);
            for (var c = from; c <= to; c++)
                ranks[c] = rank;
        }
        var compositions = new Dictionary<long, int>();
        foreach (var entry in Entries(IcuNfkcData.Compositions))
        {
            var plus = entry.IndexOf('+');
            var eq = entry.IndexOf('=');
            compositions[Key(Hex(entry[..plus]), Hex(entry[(plus + 1)..eq]))] = Hex(entry[(eq + 1)..]);
        }
        return new UnicodeTables($"ICU (Unicode {IcuNfkcData.UnicodeVersion})", ranks, null, compatibility, compositions);
    }

    private static IEnumerable<string> Entries(string table) => table.Split(';', StringSplitOptions.RemoveEmptyEntries);

    private static (int From, int To) Range(string text)
    {
        var dash = text.IndexOf('-');
        return dash < 0 ? (Hex(text), Hex(text)) : (Hex(text[..dash]), Hex(text[(dash + 1)..]));
    }

    private static int[] HexList(string text) => text.Split(' ').Select(Hex).ToArray();

    private static int Hex(string text) => int.Parse(text, NumberStyles.AllowHexSpecifier, CultureInfo.InvariantCulture);
}

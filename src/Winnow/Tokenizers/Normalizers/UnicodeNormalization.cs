using System.Globalization;
using System.Text;

namespace Winnow.Tokenizers.Normalizers;

/// <summary>The four Unicode normalization forms of UAX #15.</summary>
internal enum UnicodeForm { Nfc, Nfd, Nfkc, Nfkd }

/// <summary>
/// Managed Unicode normalization (UAX #15: full decomposition, canonical ordering, canonical composition) over the
/// tables in <see cref="UnicodeNormalizationData"/>. Needed because string.Normalize is a no-op for non-ASCII text
/// under InvariantGlobalization.
/// </summary>
internal static class UnicodeNormalization
{
    private const int SBase = 0xAC00, LBase = 0x1100, VBase = 0x1161, TBase = 0x11A7;
    private const int LCount = 19, VCount = 21, TCount = 28, NCount = VCount * TCount, SCount = LCount * NCount;

    private sealed class Tables
    {
        public readonly Dictionary<int, byte> CombiningClass = [];
        public readonly Dictionary<int, int[]> Canonical = [];
        public readonly Dictionary<int, int[]> Compatibility = [];
        public readonly Dictionary<long, int> Composition = [];
    }

    private static readonly Lazy<Tables> Data = new(Parse);

    private static Tables Parse()
    {
        var t = new Tables();
        foreach (var entry in UnicodeNormalizationData.CombiningClasses.Split(';'))
        {
            int eq = entry.IndexOf('=');
            t.CombiningClass[Hex(entry.AsSpan(0, eq))] = byte.Parse(entry.AsSpan(eq + 1), CultureInfo.InvariantCulture);
        }
        foreach (var entry in UnicodeNormalizationData.Decompositions.Split(';'))
        {
            int sep = entry.IndexOfAny(['>', '~']);
            int cp = Hex(entry.AsSpan(0, sep));
            int[] mapping = [.. entry[(sep + 1)..].Split(' ').Select(h => Hex(h))];
            (entry[sep] == '>' ? t.Canonical : t.Compatibility)[cp] = mapping;
        }
        foreach (var entry in UnicodeNormalizationData.Compositions.Split(';'))
        {
            int lt = entry.IndexOf('<');
            int sp = entry.IndexOf(' ');
            int composite = Hex(entry.AsSpan(0, lt));
            t.Composition[Key(Hex(entry.AsSpan(lt + 1, sp - lt - 1)), Hex(entry.AsSpan(sp + 1)))] = composite;
        }
        return t;
    }

    private static int Hex(ReadOnlySpan<char> s) => int.Parse(s, NumberStyles.HexNumber, CultureInfo.InvariantCulture);

    private static long Key(int first, int second) => ((long)first << 21) | (uint)second;

    /// <summary>True when no character of <paramref name="s"/> can change under <paramref name="form"/>.</summary>
    public static bool IsTriviallyStable(ReadOnlySpan<char> s, UnicodeForm form)
    {
        // Below U+00A0 nothing decomposes, composes or has a combining class; NFC/NFD also leave U+00A0..U+00BF alone.
        char limit = form is UnicodeForm.Nfc or UnicodeForm.Nfd ? '\u00C0' : '\u00A0';
        foreach (char c in s)
            if (c >= limit) return false;
        return true;
    }

    public static string Normalize(ReadOnlySpan<char> s, UnicodeForm form)
    {
        var t = Data.Value;
        bool compat = form is UnicodeForm.Nfkc or UnicodeForm.Nfkd;
        var cps = new List<int>(s.Length);
        for (int i = 0; i < s.Length;)
        {
            Rune.DecodeFromUtf16(s[i..], out var rune, out int used);
            i += used;
            Decompose(t, rune.Value, compat, cps);
        }
        CanonicalOrder(t, cps);
        if (form is UnicodeForm.Nfc or UnicodeForm.Nfkc) Compose(t, cps);
        var sb = new StringBuilder(cps.Count);
        foreach (int cp in cps) sb.Append(new Rune(cp).ToString());
        return sb.ToString();
    }

    private static void Decompose(Tables t, int cp, bool compat, List<int> output)
    {
        int s = cp - SBase;
        if (s >= 0 && s < SCount)
        {
            output.Add(LBase + s / NCount);
            output.Add(VBase + s % NCount / TCount);
            if (s % TCount != 0) output.Add(TBase + s % TCount);
            return;
        }
        if (compat && t.Compatibility.TryGetValue(cp, out var k)) output.AddRange(k);
        else if (t.Canonical.TryGetValue(cp, out var d)) output.AddRange(d);
        else output.Add(cp);
    }

    private static int ClassOf(Tables t, int cp) => t.CombiningClass.TryGetValue(cp, out byte c) ? c : 0;

    private static void CanonicalOrder(Tables t, List<int> cps)
    {
        // Stable insertion sort of each run of non-starters by combining class.
        for (int i = 1; i < cps.Count; i++)
        {
            int cc = ClassOf(t, cps[i]);
            if (cc == 0) continue;
            int j = i;
            int cp = cps[i];
            while (j > 0 && ClassOf(t, cps[j - 1]) > cc)
            {
                cps[j] = cps[j - 1];
                j--;
            }
            cps[j] = cp;
        }
    }

    private static int ComposePair(Tables t, int first, int second)
    {
        int l = first - LBase, v = second - VBase;
        if (l >= 0 && l < LCount && v >= 0 && v < VCount) return SBase + (l * VCount + v) * TCount;
        int s = first - SBase, tt = second - TBase;
        if (s >= 0 && s < SCount && s % TCount == 0 && tt > 0 && tt < TCount) return first + tt;
        return t.Composition.TryGetValue(Key(first, second), out int c) ? c : -1;
    }

    private static void Compose(Tables t, List<int> cps)
    {
        if (cps.Count < 2) return;
        int starterPos = 0;
        int lastClass = ClassOf(t, cps[0]);
        if (lastClass != 0) lastClass = 256; // no starter yet: nothing may compose with it
        int write = 1;
        for (int read = 1; read < cps.Count; read++)
        {
            int cp = cps[read];
            int cc = ClassOf(t, cp);
            int composite = lastClass == 256 ? -1 : ComposePair(t, cps[starterPos], cp);
            if (composite >= 0 && (lastClass < cc || lastClass == 0))
            {
                cps[starterPos] = composite;
                continue;
            }
            if (cc == 0) starterPos = write;
            lastClass = cc;
            cps[write++] = cp;
        }
        cps.RemoveRange(write, cps.Count - write);
    }
}

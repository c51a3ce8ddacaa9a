using System.Globalization;
using System.Text;

namespace Winnow.Embedding;

/// <summary>
/// Word unigrams and bigrams of a text, hashed into 2^bits buckets without allocating strings.
/// <para>
/// Tokenisation: a word is a maximal run of letters (Unicode L*), decimal digits (Nd) and combining marks (Mn, Mc —
/// so scripts such as Devanagari are not split inside words); everything else separates words. Each character is
/// lower-cased with the invariant culture (per Unicode scalar, so surrogate pairs are handled). A bigram is two
/// consecutive words joined by one space, as DSIR's hashed n-grams.
/// </para>
/// <para>
/// Hash: 64-bit FNV-1a over the UTF-8 bytes of the lower-cased term, then the SplitMix64 finaliser (FNV's low bits mix
/// poorly), then the low <c>bits</c> bits. Stable across processes and machines, unlike <c>string.GetHashCode</c>.
/// </para>
/// </summary>
internal static class HashedTerms
{
    private const ulong FnvOffset = 14695981039346656037UL;
    private const ulong FnvPrime = 1099511628211UL;

    /// <summary>Appends the bucket of every unigram and bigram of <paramref name="text"/>, in text order (unigram, then the bigram it ends).</summary>
    public static void Collect(string text, int bits, List<int> buckets)
    {
        var mask = (1UL << bits) - 1;
        var inWord = false;
        var hasPrevious = false;
        var previousWord = 0UL; // FNV state after the previous word's bytes
        ulong unigram = 0, bigram = 0;
        Span<byte> utf8 = stackalloc byte[4];
        var i = 0;
        while (i < text.Length)
        {
            // ASCII, nearly every character of most pools, takes no rune: it is its own UTF-8 byte, and
            // lower-casing it with the invariant culture only maps A–Z to a–z.
            var c = text[i];
            int length;
            if (c < 128)
            {
                i++;
                length = IsAsciiWordChar(c) ? 1 : 0;
                utf8[0] = (byte)((uint)(c - 'A') <= 'Z' - 'A' ? c | 0x20 : c);
            }
            else
            {
                if (Rune.DecodeFromUtf16(text.AsSpan(i), out var rune, out var consumed) != System.Buffers.OperationStatus.Done)
                    rune = Rune.ReplacementChar;
                i += consumed;
                length = IsWordRune(rune) ? Rune.ToLowerInvariant(rune).EncodeToUtf8(utf8) : 0;
            }

            if (length == 0)
            {
                if (inWord)
                    EndWord(ref inWord, ref hasPrevious, ref previousWord, unigram, bigram, mask, buckets);
                continue;
            }
            if (!inWord)
            {
                inWord = true;
                unigram = FnvOffset;
                bigram = Step(previousWord, (byte)' ');
            }
            for (var b = 0; b < length; b++)
            {
                unigram = Step(unigram, utf8[b]);
                bigram = Step(bigram, utf8[b]);
            }
        }
        if (inWord)
            EndWord(ref inWord, ref hasPrevious, ref previousWord, unigram, bigram, mask, buckets);
    }

    private static void EndWord(ref bool inWord, ref bool hasPrevious, ref ulong previousWord, ulong unigram, ulong bigram, ulong mask, List<int> buckets)
    {
        buckets.Add((int)(Finalise(unigram) & mask));
        if (hasPrevious)
            buckets.Add((int)(Finalise(bigram) & mask));
        previousWord = unigram;
        hasPrevious = true;
        inWord = false;
    }

    private static bool IsAsciiWordChar(char c) => (uint)((c | 0x20) - 'a') <= 'z' - 'a' || (uint)(c - '0') <= 9;

    public static bool IsWordRune(Rune rune)
    {
        if (rune.IsAscii)
            return IsAsciiWordChar((char)rune.Value);
        return Rune.GetUnicodeCategory(rune) switch
        {
            UnicodeCategory.UppercaseLetter or UnicodeCategory.LowercaseLetter or UnicodeCategory.TitlecaseLetter
                or UnicodeCategory.ModifierLetter or UnicodeCategory.OtherLetter or UnicodeCategory.DecimalDigitNumber
                or UnicodeCategory.NonSpacingMark or UnicodeCategory.SpacingCombiningMark => true,
            _ => false,
        };
    }

    internal static ulong Step(ulong state, byte value) => (state ^ value) * FnvPrime;

    /// <summary>SplitMix64's finaliser: every input bit affects every output bit.</summary>
    internal static ulong Finalise(ulong z)
    {
        z = (z ^ (z >> 30)) * 0xBF58476D1CE4E5B9UL;
        z = (z ^ (z >> 27)) * 0x94D049BB133111EBUL;
        return z ^ (z >> 31);
    }
}

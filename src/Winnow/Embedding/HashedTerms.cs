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
    public static void Collect(string text, int bits, List<int> buckets) => Collect(text, bits, 0, buckets);

    /// <summary>
    /// Appends the buckets of <paramref name="text"/>'s terms and, when <paramref name="stemLength"/> &gt; 0, those of
    /// the terms of its stems: the text with every run of <see cref="char.IsLetterOrDigit(char)"/> characters cut to its
    /// first <paramref name="stemLength"/> and every ASCII digit made 0, everything else a space (ResponseFit.Stems). One
    /// scan gives both, in no particular order between the two, with the buckets of <c>Collect(text)</c> and
    /// <c>Collect(stems)</c>: the stems' words end where a character is not a letter or digit, so a combining mark, a
    /// word character here, ends a stem, and a surrogate pair, one rune here, is two non-letters there.
    /// </summary>
    public static void Collect(string text, int bits, int stemLength, List<int> buckets)
    {
        var mask = (1UL << bits) - 1;
        var words = new WordHash();
        var stems = new WordHash();
        var stemChars = 0;
        Span<byte> utf8 = stackalloc byte[4];
        var i = 0;
        while (i < text.Length)
        {
            // ASCII, nearly every character of most pools, takes no rune: it is its own UTF-8 byte, and
            // lower-casing it with the invariant culture only maps A–Z to a–z.
            var c = text[i];
            if (c < 128)
            {
                i++;
                if (!IsAsciiWordChar(c))
                {
                    words.End(mask, buckets);
                    stems.End(mask, buckets);
                    stemChars = 0;
                    continue;
                }
                var lower = (byte)((uint)(c - 'A') <= 'Z' - 'A' ? c | 0x20 : c);
                words.Add(lower);
                if (++stemChars <= stemLength)
                    stems.Add((uint)(c - '0') <= 9 ? (byte)'0' : lower);
                continue;
            }
            if (Rune.DecodeFromUtf16(text.AsSpan(i), out var rune, out var consumed) != System.Buffers.OperationStatus.Done)
                rune = Rune.ReplacementChar;
            if (IsWordRune(rune))
                words.Add(utf8[..Rune.ToLowerInvariant(rune).EncodeToUtf8(utf8)]);
            else
                words.End(mask, buckets);
            for (var k = 0; stemLength > 0 && k < consumed; k++)
            {
                // Not ASCII: a letter or digit here is a whole rune of its own (surrogates are neither).
                var unit = text[i + k];
                if (!char.IsLetterOrDigit(unit))
                {
                    stems.End(mask, buckets);
                    stemChars = 0;
                }
                else if (++stemChars <= stemLength)
                    stems.Add(utf8[..Rune.ToLowerInvariant(new Rune(unit)).EncodeToUtf8(utf8)]);
            }
            i += consumed;
        }
        words.End(mask, buckets);
        stems.End(mask, buckets);
    }

    /// <summary>The hashes of the word being read and of the bigram it ends, and of the word before it.</summary>
    private struct WordHash
    {
        private bool _inWord;
        private bool _hasPrevious;
        private ulong _previousWord; // FNV state after the previous word's bytes
        private ulong _unigram;
        private ulong _bigram;

        public void Add(byte value)
        {
            if (!_inWord)
            {
                _inWord = true;
                _unigram = FnvOffset;
                _bigram = Step(_previousWord, (byte)' ');
            }
            _unigram = Step(_unigram, value);
            _bigram = Step(_bigram, value);
        }

        public void Add(ReadOnlySpan<byte> bytes)
        {
            foreach (var value in bytes)
                Add(value);
        }

        /// <summary>Ends the word being read, if any: its unigram's bucket, then its bigram's when a word came before.</summary>
        public void End(ulong mask, List<int> buckets)
        {
            if (!_inWord)
                return;
            buckets.Add((int)(Finalise(_unigram) & mask));
            if (_hasPrevious)
                buckets.Add((int)(Finalise(_bigram) & mask));
            _previousWord = _unigram;
            _hasPrevious = true;
            _inWord = false;
        }
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

using System.Text;

namespace Winnow.Tokenizers.PreTokenizers;

/// <summary>
/// ByteLevel: optionally prefixes a space, optionally splits with the GPT-2 pattern, then rewrites each piece as its
/// UTF-8 bytes in the <see cref="ByteLevelAlphabet"/>; every byte character is aligned to the character it encodes.
/// </summary>
internal sealed class ByteLevelPreTokenizer(bool addPrefixSpace, bool useRegex) : IPreTokenizer
{
    public List<NormalizedText> PreTokenize(List<NormalizedText> pieces, int sectionIndex)
    {
        var split = pieces;
        if (addPrefixSpace)
        {
            split = new List<NormalizedText>(pieces.Count);
            foreach (var p in pieces)
            {
                if (p.Length == 0 || p.Text[0] == ' ') { split.Add(p); continue; }
                var b = new NormalizedText.Builder(p.Length + 1);
                b.Append(' ', p.OriginalStart(0), p.OriginalStart(0));
                b.AppendAligned(p, 0, p.Length);
                split.Add(b.Build());
            }
        }
        if (useRegex)
            split = new SplitPreTokenizer(Gpt2SplitPattern.Instance, SplitDelimiterBehavior.Isolated, false).PreTokenize(split, sectionIndex);
        var output = new List<NormalizedText>(split.Count);
        foreach (var p in split) output.Add(ToBytes(p));
        return output;
    }

    internal static NormalizedText ToBytes(NormalizedText piece)
    {
        string t = piece.Text;
        bool ascii = true;
        foreach (char c in t) if (c >= 0x80) { ascii = false; break; }
        var map = ByteLevelAlphabet.ByteToChar;
        if (ascii)
        {
            // One byte per character: the alignment does not change.
            return piece.WithSameLengthText(string.Create(t.Length, t, static (dst, src) =>
            {
                for (int i = 0; i < src.Length; i++) dst[i] = ByteLevelAlphabet.ByteToChar[src[i]];
            }));
        }
        int byteCount = System.Text.Encoding.UTF8.GetByteCount(t);
        var text = new char[byteCount];
        var starts = new int[byteCount];
        var ends = new int[byteCount];
        Span<byte> bytes = stackalloc byte[4];
        int at = 0;
        for (int i = 0; i < t.Length;)
        {
            Rune.DecodeFromUtf16(t.AsSpan(i), out var rune, out int used);
            int n = rune.EncodeToUtf8(bytes);
            int os = piece.OriginalStart(i), oe = piece.OriginalEnd(i + used - 1);
            for (int k = 0; k < n; k++, at++) (text[at], starts[at], ends[at]) = (map[bytes[k]], os, oe);
            i += used;
        }
        // A lone surrogate is counted as 3 bytes (U+FFFD) by both GetByteCount and EncodeToUtf8.
        return NormalizedText.Aligned(new string(text, 0, at), starts[..at], ends[..at]);
    }
}

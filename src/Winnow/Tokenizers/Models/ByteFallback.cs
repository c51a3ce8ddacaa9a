namespace Winnow.Tokenizers.Models;

/// <summary>SentencePiece byte fallback: an unknown character becomes the tokens &lt;0xXX&gt; of its UTF-8 bytes.</summary>
internal sealed class ByteFallback
{
    private readonly int[] _byteIds = new int[256];

    private ByteFallback() { }

    /// <summary>The byte tokens' ids, or null when the vocabulary lacks any of the 256 (then unknown characters map to unk).</summary>
    public static ByteFallback? TryCreate(Vocabulary vocab)
    {
        var fb = new ByteFallback();
        for (int b = 0; b < 256; b++)
        {
            if (!vocab.TryGetId($"<0x{b:X2}>", out int id)) return null;
            fb._byteIds[b] = id;
        }
        return fb;
    }

    /// <summary>Appends the byte-token ids of <paramref name="chars"/>.</summary>
    public void AppendIds(ReadOnlySpan<char> chars, List<int> ids)
    {
        Span<byte> bytes = stackalloc byte[chars.Length * 3];
        int n = System.Text.Encoding.UTF8.GetBytes(chars, bytes);
        for (int i = 0; i < n; i++) ids.Add(_byteIds[bytes[i]]);
    }
}

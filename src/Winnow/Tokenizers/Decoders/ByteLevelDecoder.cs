namespace Winnow.Tokenizers.Decoders;

/// <summary>
/// ByteLevel: maps every character back to its byte and decodes the bytes as UTF-8 (invalid sequences become U+FFFD).
/// A token with a character outside the byte alphabet (e.g. an added token) contributes its own UTF-8 bytes.
/// </summary>
internal sealed class ByteLevelDecoder : IDecoder
{
    public List<string> DecodeChain(List<string> tokens)
    {
        var bytes = new List<byte>();
        foreach (string token in tokens)
        {
            bool mapped = true;
            foreach (char c in token) if (PreTokenizers.ByteLevelAlphabet.ByteOf(c) < 0) { mapped = false; break; }
            if (mapped) foreach (char c in token) bytes.Add((byte)PreTokenizers.ByteLevelAlphabet.ByteOf(c));
            else bytes.AddRange(System.Text.Encoding.UTF8.GetBytes(token));
        }
        return [System.Text.Encoding.UTF8.GetString(bytes.ToArray())];
    }
}

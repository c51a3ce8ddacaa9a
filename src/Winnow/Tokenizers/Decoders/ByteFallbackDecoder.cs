using System.Globalization;

namespace Winnow.Tokenizers.Decoders;

/// <summary>ByteFallback: runs of &lt;0xXX&gt; tokens become the UTF-8 text of their bytes; an invalid run gives one U+FFFD per byte.</summary>
internal sealed class ByteFallbackDecoder : IDecoder
{
    public List<string> DecodeChain(List<string> tokens)
    {
        var output = new List<string>(tokens.Count);
        var pending = new List<byte>();
        foreach (string t in tokens)
        {
            if (t.Length == 6 && t.StartsWith("<0x", StringComparison.Ordinal) && t[5] == '>'
                && byte.TryParse(t.AsSpan(3, 2), NumberStyles.HexNumber, CultureInfo.InvariantCulture, out byte b))
            {
                pending.Add(b);
                continue;
            }
            Flush(pending, output);
            output.Add(t);
        }
        Flush(pending, output);
        return output;
    }

    private static void Flush(List<byte> pending, List<string> output)
    {
        if (pending.Count == 0) return;
        var strict = new System.Text.UTF8Encoding(false, true);
        try
        {
            output.Add(strict.GetString(pending.ToArray()));
        }
        catch (System.Text.DecoderFallbackException)
        {
            for (int i = 0; i < pending.Count; i++) output.Add("\uFFFD");
        }
        pending.Clear();
    }
}

namespace Winnow.Data;

/// <summary>Removes the whitespace between the tokens of a JSON text; strings (and so every value) are untouched.</summary>
internal static class JsonMinifier
{
    public static byte[] Minify(ReadOnlySpan<byte> json)
    {
        var result = new List<byte>(json.Length);
        var inString = false;
        for (var i = 0; i < json.Length; i++)
        {
            var b = json[i];
            if (inString)
            {
                result.Add(b);
                if (b == (byte)'\\' && i + 1 < json.Length)
                    result.Add(json[++i]);
                else if (b == (byte)'"')
                    inString = false;
            }
            else if (!JsonBytes.IsWhitespace(b))
            {
                result.Add(b);
                inString = b == (byte)'"';
            }
        }
        return result.ToArray();
    }
}

using System.Buffers;

namespace Winnow.Data;

/// <summary>
/// Python's <c>json.dump</c> writes missing scores as bare <c>NaN</c> (Cherry-LLM and Superfiltering outputs
/// carry <c>"ifd_ppl": NaN</c>), and <c>Infinity</c> / <c>-Infinity</c> likewise. That is not JSON and
/// <see cref="System.Text.Json.Utf8JsonReader"/> rejects it. Before a row is parsed, this rewrites each such
/// token found outside strings to <c>null</c> in a copy used for parsing only; the row's raw bytes, which the
/// writers emit, are never changed. A field the reader interprets therefore sees <c>null</c> (and reports
/// "expected a string, found null"); any other field is just carried along.
/// </summary>
internal static class NamedLiteralRewriter
{
    private static readonly SearchValues<byte> Interesting = SearchValues.Create("\"NI"u8);

    /// <summary>The row with the literals replaced, or null when it has none (the common case: no copy).</summary>
    public static byte[]? Rewrite(ReadOnlySpan<byte> json)
    {
        List<(int Start, int Length)>? hits = null;
        var p = 0;
        while (p < json.Length)
        {
            var i = json[p..].IndexOfAny(Interesting);
            if (i < 0)
                break;
            p += i;
            if (json[p] == (byte)'"')
            {
                p = SkipString(json, p + 1);
                continue;
            }
            // Outside strings 'N' and 'I' can only begin NaN or Infinity (true/false/null are lower case).
            var literal = json[p] == (byte)'N' ? "NaN"u8 : "Infinity"u8;
            var start = p;
            var length = literal.Length;
            if (literal[0] == (byte)'I' && p > 0 && json[p - 1] == (byte)'-')
            {
                start--;
                length++;
            }
            if (json[p..].StartsWith(literal) && IsBoundary(json, start - 1) && IsBoundary(json, start + length))
            {
                (hits ??= []).Add((start, length));
                p += literal.Length;
            }
            else
            {
                p++;
            }
        }
        if (hits is null)
            return null;

        var copy = new byte[json.Length + hits.Count]; // "null" is at most one byte longer than what it replaces
        var written = 0;
        var from = 0;
        foreach (var (start, length) in hits)
        {
            json[from..start].CopyTo(copy.AsSpan(written));
            written += start - from;
            "null"u8.CopyTo(copy.AsSpan(written));
            written += 4;
            from = start + length;
        }
        json[from..].CopyTo(copy.AsSpan(written));
        written += json.Length - from;
        return copy[..written];
    }

    /// <summary>Position after the string whose content starts at <paramref name="p"/> (or the end when unterminated).</summary>
    private static int SkipString(ReadOnlySpan<byte> json, int p)
    {
        while (p < json.Length)
        {
            var i = json[p..].IndexOfAny(JsonBytes.StringSpecial);
            if (i < 0)
                return json.Length;
            p += i;
            if (json[p] == (byte)'"')
                return p + 1;
            p += 2;
        }
        return json.Length;
    }

    /// <summary>True when the byte at <paramref name="p"/> cannot continue a token (or lies outside the row).</summary>
    private static bool IsBoundary(ReadOnlySpan<byte> json, int p) =>
        p < 0 || p >= json.Length || JsonBytes.IsWhitespace(json[p]) || json[p] is (byte)',' or (byte)':' or (byte)'[' or (byte)']' or (byte)'{' or (byte)'}';
}

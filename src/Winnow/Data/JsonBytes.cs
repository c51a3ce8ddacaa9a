using System.Buffers;

namespace Winnow.Data;

/// <summary>Byte-level facts about JSON text shared by the splitters and the literal rewriter.</summary>
internal static class JsonBytes
{
    /// <summary>Bytes that change the structure outside a string.</summary>
    public static readonly SearchValues<byte> Structural = SearchValues.Create("\"{}[],"u8);

    /// <summary>Bytes that end or escape inside a string.</summary>
    public static readonly SearchValues<byte> StringSpecial = SearchValues.Create("\"\\"u8);

    /// <summary>JSON's four whitespace bytes (RFC 8259 §2).</summary>
    public static bool IsWhitespace(byte b) => b is (byte)' ' or (byte)'\t' or (byte)'\n' or (byte)'\r';

    public static int CountLines(byte[] data, int from, int to) =>
        to > from ? data.AsSpan(from, to - from).Count((byte)'\n') : 0;

    /// <summary>A byte as a reader would like to see it in a message: <c>'x'</c>, or <c>byte 0xNN</c> when not printable ASCII.</summary>
    public static string Describe(byte b) => b is >= 0x21 and < 0x7f ? $"'{(char)b}'" : $"byte 0x{b:x2}";
}

namespace Winnow.Tokenizers.PreTokenizers;

/// <summary>
/// GPT-2's reversible byte ↔ printable character table: printable Latin-1 bytes stand for themselves, the other 68
/// bytes map to U+0100 onwards in byte order (so ' ' becomes 'Ġ' and '\n' becomes 'Ċ').
/// </summary>
internal static class ByteLevelAlphabet
{
    public static readonly char[] ByteToChar = Build();

    /// <summary>Char → byte, or -1 for characters outside the alphabet.</summary>
    public static readonly short[] CharToByte = BuildReverse();

    private static char[] Build()
    {
        var map = new char[256];
        int next = 256;
        for (int b = 0; b < 256; b++)
        {
            bool printable = b is >= '!' and <= '~' or >= 0xA1 and <= 0xAC or >= 0xAE and <= 0xFF;
            map[b] = printable ? (char)b : (char)next++;
        }
        return map;
    }

    private static short[] BuildReverse()
    {
        var reverse = new short[324];
        Array.Fill(reverse, (short)-1);
        for (int b = 0; b < 256; b++) reverse[ByteToChar[b]] = (short)b;
        return reverse;
    }

    public static int ByteOf(char c) => c < CharToByte.Length ? CharToByte[c] : -1;
}

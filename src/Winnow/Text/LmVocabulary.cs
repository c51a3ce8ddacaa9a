using System.Text;

namespace Winnow.Text;

/// <summary>Unit of the statistical language models: lower-cased WordPunct words, or raw UTF-8 bytes.</summary>
public enum LmUnit
{
    Word,
    Byte,
}

/// <summary>
/// Interns LM units into dense ids. Ids 0, 1, 2 are reserved for &lt;s&gt; (history padding, never predicted),
/// &lt;/s&gt; and &lt;unk&gt;. Ids must fit in <see cref="Bits"/> bits so that an n-gram packs into one
/// 63-bit key; a word vocabulary beyond that maps further new words to &lt;unk&gt;. Byte units use the fixed
/// ids 3..258 and need no interning.
/// </summary>
public sealed class LmVocabulary
{
    public const int Start = 0;
    public const int End = 1;
    public const int Unknown = 2;
    private const int FirstFree = 3;

    /// <summary>Id of byte value 0 in a byte vocabulary: byte b has id FirstByteId + b.</summary>
    public const int FirstByteId = FirstFree;

    private readonly Dictionary<string, int> _ids = new(StringComparer.Ordinal);

    public LmVocabulary(LmUnit unit)
    {
        Unit = unit;
        Bits = unit == LmUnit.Byte ? 9 : 21;
    }

    public LmUnit Unit { get; }

    /// <summary>Bits per id in a packed n-gram key.</summary>
    public int Bits { get; }

    /// <summary>Highest n-gram order whose key fits in 63 bits.</summary>
    public int MaxOrder => 63 / Bits;

    /// <summary>Number of ids in use, reserved ones included.</summary>
    public int Count => Unit == LmUnit.Byte ? FirstFree + 256 : FirstFree + _ids.Count;

    /// <summary>
    /// Size of the predicted vocabulary: every id but &lt;s&gt;. For bytes &lt;unk&gt; cannot occur and is left
    /// out, so the uniform floor of the model spreads over exactly the symbols that can be seen.
    /// </summary>
    public int PredictedCount => Unit == LmUnit.Byte ? 257 : Count - 1;

    /// <summary>Whether <paramref name="id"/> belongs to the predicted vocabulary.</summary>
    public bool IsPredicted(int id) => id != Start && !(Unit == LmUnit.Byte && id == Unknown) && id < Count;

    /// <summary>Ids of a text's units; <paramref name="grow"/> interns unseen words (pool fitting), otherwise they become &lt;unk&gt;.</summary>
    public int[] Encode(string text, bool grow)
    {
        if (Unit == LmUnit.Byte)
        {
            var bytes = Encoding.UTF8.GetBytes(text);
            var ids = new int[bytes.Length];
            for (var i = 0; i < bytes.Length; i++)
                ids[i] = FirstFree + bytes[i];
            return ids;
        }
        var words = WordPunctTokenizer.Tokenize(text);
        var result = new int[words.Count];
        for (var i = 0; i < words.Count; i++)
            result[i] = Lookup(words[i], grow);
        return result;
    }

    private int Lookup(string word, bool grow)
    {
        if (_ids.TryGetValue(word, out var id))
            return id;
        if (!grow || FirstFree + _ids.Count >= 1 << Bits)
            return Unknown;
        id = FirstFree + _ids.Count;
        _ids[word] = id;
        return id;
    }
}

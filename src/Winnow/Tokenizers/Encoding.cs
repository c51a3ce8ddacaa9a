namespace Winnow.Tokenizers;

/// <summary>
/// The result of encoding one text: token ids, their token strings (as the vocabulary spells them, e.g. "Ġthe",
/// "▁the", "##ing"; for a Unigram unknown run the original text) and their spans in the original text.
/// All three arrays have the same length.
/// </summary>
public sealed class Encoding
{
    internal Encoding(int[] ids, string[] tokens, TokenSpan[] offsets, bool[] specialTokensMask)
    {
        Ids = ids;
        Tokens = tokens;
        Offsets = offsets;
        SpecialTokensMask = specialTokensMask;
    }

    /// <summary>Token ids, in order.</summary>
    public int[] Ids { get; }

    /// <summary>Token strings, in order.</summary>
    public string[] Tokens { get; }

    /// <summary>Spans in the original text (UTF-16 indices); see <see cref="TokenSpan"/>.</summary>
    public TokenSpan[] Offsets { get; }

    /// <summary>True where the post-processor inserted the token (e.g. [CLS], &lt;s&gt;); false for tokens of the text.</summary>
    public bool[] SpecialTokensMask { get; }

    /// <summary>Number of tokens.</summary>
    public int Count => Ids.Length;
}

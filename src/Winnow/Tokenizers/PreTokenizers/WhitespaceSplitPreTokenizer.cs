namespace Winnow.Tokenizers.PreTokenizers;

/// <summary>WhitespaceSplit: splits on white space, which is removed.</summary>
internal sealed class WhitespaceSplitPreTokenizer() : CharPredicatePreTokenizer(SplitDelimiterBehavior.Removed)
{
    protected override bool IsDelimiter(string text, int i, int codePoint) => char.IsWhiteSpace(text[i]);
}

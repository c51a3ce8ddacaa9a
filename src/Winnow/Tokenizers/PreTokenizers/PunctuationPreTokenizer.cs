namespace Winnow.Tokenizers.PreTokenizers;

/// <summary>Punctuation: splits on BERT punctuation characters with the configured behaviour (default Isolated).</summary>
internal sealed class PunctuationPreTokenizer(SplitDelimiterBehavior behavior) : CharPredicatePreTokenizer(behavior)
{
    protected override bool IsDelimiter(string text, int i, int codePoint) => CharClass.IsBertPunctuation(codePoint);
}

namespace Winnow.Tokenizers.PreTokenizers;

/// <summary>Digits: isolates numbers, each digit on its own when <c>individual_digits</c>, else runs of digits.</summary>
internal sealed class DigitsPreTokenizer(bool individualDigits) : CharPredicatePreTokenizer(
    individualDigits ? SplitDelimiterBehavior.Isolated : SplitDelimiterBehavior.Contiguous)
{
    protected override bool IsDelimiter(string text, int i, int codePoint) => CharClass.At(text, i, out _) == CharKind.Number;
}

namespace Winnow.Tokenizers.PreTokenizers;

/// <summary>Chooses the matcher for a tokenizer.json pattern: a hand-written scanner for the known GPT-2 family patterns, .NET Regex otherwise.</summary>
internal static class SplitPatterns
{
    public static IPatternMatcher ForRegex(string pattern) => pattern switch
    {
        Gpt2SplitPattern.Pattern => Gpt2SplitPattern.Instance,
        Llama3SplitPattern.ThreeDigitPattern => new Llama3SplitPattern(3),
        Llama3SplitPattern.SingleDigitPattern => new Llama3SplitPattern(1),
        _ => new RegexPatternMatcher(pattern),
    };
}

using Winnow.Tokenizers;

namespace Winnow.Scoring.Neural;

/// <summary>Tokenises "prefix + response" texts and locates the response's first token by the chosen <see cref="AnswerBoundary"/>.</summary>
public sealed class ResponseTokenizer(ITextTokenizer tokenizer, AnswerBoundary boundary)
{
    public ITextTokenizer Tokenizer { get; } = tokenizer;

    public AnswerBoundary Boundary { get; } = boundary;

    /// <summary>Token count with special tokens, after truncation to <paramref name="maxLength"/> (HF: first n ids).</summary>
    public int Count(string text, int maxLength) => Math.Min(Tokenizer.CountTokens(text), maxLength);

    /// <summary>Tokenises <paramref name="prefix"/> + <paramref name="response"/>, keeping the first <paramref name="maxLength"/> ids.</summary>
    public ScoredText Tokenize(string prefix, string response, int maxLength)
    {
        var text = prefix + response;
        var encoding = Tokenizer.Encode(text, addSpecialTokens: true, maxLength);
        var start = Boundary == AnswerBoundary.SeparatePrefix
            ? Tokenizer.CountTokens(prefix)
            : FirstTokenAtOrAfter(encoding, prefix.Length);
        return new ScoredText(encoding.Ids, start);
    }

    private static int FirstTokenAtOrAfter(Encoding encoding, int charStart)
    {
        for (var i = 0; i < encoding.Count; i++)
        {
            if (!encoding.SpecialTokensMask[i] && encoding.Offsets[i].Start >= charStart)
                return i;
        }
        return encoding.Count;
    }
}

namespace Winnow.Tokenizers.PostProcessors;

/// <summary>
/// The offset part of the ByteLevel and RobertaProcessing post-processors (<c>trim_offsets</c>): a token's span
/// is shrunk so it does not start or end with white space of the original text (the "Ġ" of "Ġthe" is not part
/// of the word). Ids and strings are unchanged.
/// </summary>
internal sealed class OffsetTrimmingProcessor(bool trimOffsets) : IPostProcessor
{
    public int AddedTokenCount(bool addSpecialTokens) => 0;

    public void Process(List<PipelineToken> tokens, string originalText, bool addSpecialTokens)
    {
        if (!trimOffsets) return;
        for (int i = 0; i < tokens.Count; i++)
        {
            var t = tokens[i];
            if (t.Special) continue;
            var (s, e) = (t.Offset.Start, t.Offset.End);
            while (s < e && char.IsWhiteSpace(originalText[s])) s++;
            while (e > s && char.IsWhiteSpace(originalText[e - 1])) e--;
            if (s == e) continue; // an all-space token keeps its span
            tokens[i] = t with { Offset = new TokenSpan(s, e) };
        }
    }
}

namespace Winnow.Tokenizers.PostProcessors;

/// <summary>One item of a single-sequence template: the sequence itself, or a special token (possibly several ids).</summary>
internal sealed record TemplatePiece(bool IsSequence, int[] Ids, string[] Tokens);

/// <summary>
/// TemplateProcessing (also used for BertProcessing and RobertaProcessing, which are fixed templates): lays out
/// special tokens around the sequence, e.g. "[CLS] $A [SEP]" or "&lt;s&gt; $A".
/// </summary>
internal sealed class TemplateProcessor(IReadOnlyList<TemplatePiece> single) : IPostProcessor
{
    public int AddedTokenCount(bool addSpecialTokens) =>
        addSpecialTokens ? single.Where(p => !p.IsSequence).Sum(p => p.Ids.Length) : 0;

    public void Process(List<PipelineToken> tokens, string originalText, bool addSpecialTokens)
    {
        if (!addSpecialTokens) return;
        var result = new List<PipelineToken>(tokens.Count + AddedTokenCount(true));
        foreach (var piece in single)
        {
            if (piece.IsSequence) result.AddRange(tokens);
            else for (int i = 0; i < piece.Ids.Length; i++) result.Add(new PipelineToken(piece.Ids[i], piece.Tokens[i], default, true));
        }
        tokens.Clear();
        tokens.AddRange(result);
    }
}

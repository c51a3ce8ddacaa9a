namespace Winnow.Tokenizers.PostProcessors;

/// <summary>Applies post-processors one after the other.</summary>
internal sealed class SequenceProcessor(IReadOnlyList<IPostProcessor> processors) : IPostProcessor
{
    public int AddedTokenCount(bool addSpecialTokens) => processors.Sum(p => p.AddedTokenCount(addSpecialTokens));

    public void Process(List<PipelineToken> tokens, string originalText, bool addSpecialTokens)
    {
        foreach (var p in processors) p.Process(tokens, originalText, addSpecialTokens);
    }
}

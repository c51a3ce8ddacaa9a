namespace Winnow.Tokenizers.PostProcessors;

/// <summary>The "post_processor" section of tokenizer.json: adds special tokens around a single sequence and/or adjusts offsets.</summary>
internal interface IPostProcessor
{
    /// <summary>How many tokens <see cref="Process"/> adds to a single sequence (truncation reserves room for them).</summary>
    int AddedTokenCount(bool addSpecialTokens);

    void Process(List<PipelineToken> tokens, string originalText, bool addSpecialTokens);
}

namespace Winnow.Tokenizers.PostProcessors;

/// <summary>A token on its way to an <see cref="Encoding"/>: id, string, span in the original text, inserted-by-post-processor flag.</summary>
internal record struct PipelineToken(int Id, string Token, TokenSpan Offset, bool Special);

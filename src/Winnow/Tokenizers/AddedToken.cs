namespace Winnow.Tokenizers;

/// <summary>
/// An entry of tokenizer.json's "added_tokens": matched in the text before the model runs. <see cref="LStrip"/> /
/// <see cref="RStrip"/> swallow white space on that side, <see cref="SingleWord"/> only matches a whole word,
/// <see cref="Normalized"/> tokens are matched in the normalized text, <see cref="Special"/> tokens are dropped by
/// <c>Decode(..., skipSpecialTokens: true)</c>.
/// </summary>
public sealed record AddedToken(int Id, string Content, bool SingleWord, bool LStrip, bool RStrip, bool Normalized, bool Special);

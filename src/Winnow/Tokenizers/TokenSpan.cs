namespace Winnow.Tokenizers;

/// <summary>
/// Where a token came from in the ORIGINAL text passed to <see cref="Tokenizer.Encode(string, bool)"/>, as UTF-16
/// code-unit indices (.NET string indices): the token covers <c>text[Start..End]</c>. Special tokens inserted by the
/// post-processor have the empty span (0, 0). A byte-level token that holds only part of a character's UTF-8 bytes
/// covers that whole character, so neighbouring tokens may share a span.
/// </summary>
public readonly record struct TokenSpan(int Start, int End)
{
    /// <summary>Number of UTF-16 units covered.</summary>
    public int Length => End - Start;
}

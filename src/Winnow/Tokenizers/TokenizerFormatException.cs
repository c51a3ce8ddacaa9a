namespace Winnow.Tokenizers;

/// <summary>
/// Thrown when a tokenizer file is malformed, too large, inconsistent (e.g. a merge naming a token that is not in
/// the vocabulary) or uses a feature Winnow does not implement. The message names the file, the field and what
/// was expected.
/// </summary>
public sealed class TokenizerFormatException : Exception
{
    /// <summary>Creates the exception with a message that names what was wrong and what was expected.</summary>
    public TokenizerFormatException(string message) : base(message) { }

    /// <summary>Creates the exception wrapping the parser error that revealed the problem.</summary>
    public TokenizerFormatException(string message, Exception inner) : base(message, inner) { }
}

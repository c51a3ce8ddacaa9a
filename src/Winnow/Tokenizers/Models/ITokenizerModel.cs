namespace Winnow.Tokenizers.Models;

/// <summary>One token produced by a model for a piece: id, UTF-16 range [Start, End) in the piece, and the token string when it is not the vocabulary's spelling of the id (a Unigram unknown run keeps its text).</summary>
internal readonly record struct ModelToken(int Id, int Start, int End, string? Value = null);

/// <summary>The "model" section of tokenizer.json: turns one pre-tokenized piece into tokens.</summary>
internal interface ITokenizerModel
{
    void Tokenize(string piece, List<ModelToken> output);

    int? TokenToId(string token);

    string? IdToToken(int id);

    /// <summary>Number of ids the model defines (largest id + 1).</summary>
    int VocabSize { get; }

    /// <summary>The unknown token, if the model has one.</summary>
    string? UnkToken { get; }
}

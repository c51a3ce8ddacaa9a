namespace Winnow.Tokenizers;

/// <summary>
/// What a scorer needs from a model's tokenizer, whoever implements it: Hugging Face's tokenizer.json
/// (<see cref="Tokenizer"/>) or a GGUF file's own vocabulary run by llama.cpp. Implementations are thread-safe.
/// </summary>
public interface ITextTokenizer
{
    /// <summary>
    /// Ids, token strings, character offsets (UTF-16 indices into <paramref name="text"/>) and the special-token mask of
    /// <paramref name="text"/>, keeping the first <paramref name="maxLength"/> ids (Hugging Face truncation).
    /// </summary>
    Encoding Encode(string text, bool addSpecialTokens, int maxLength);

    /// <summary>Number of ids <see cref="Encode"/> would return without truncation.</summary>
    int CountTokens(string text, bool addSpecialTokens = true);

    /// <summary>The id of one token string as the vocabulary spells it (e.g. "1", "▁the"), or null.</summary>
    int? TokenToId(string token);

    /// <summary>How many special tokens encoding one text with special tokens adds (1 for a BOS-only Llama tokenizer).</summary>
    int SpecialTokensAdded { get; }

    int? BosTokenId { get; }

    int? EosTokenId { get; }
}

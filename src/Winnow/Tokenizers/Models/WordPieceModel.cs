namespace Winnow.Tokenizers.Models;

/// <summary>
/// WordPiece (BERT): greedy longest-match-first from the left, continuation pieces spelled with a prefix ("##").
/// A word longer than <c>max_input_chars_per_word</c> code points, or one that cannot be covered, becomes the
/// unknown token as a whole.
/// </summary>
internal sealed class WordPieceModel : ITokenizerModel
{
    private readonly Vocabulary _vocab;
    private readonly int _unkId;
    private readonly string _prefix;
    private readonly int _maxChars;

    public WordPieceModel(Vocabulary vocab, string unkToken, string continuingSubwordPrefix, int maxInputCharsPerWord)
    {
        _vocab = vocab;
        UnkToken = unkToken;
        _unkId = vocab[unkToken] ?? throw new TokenizerFormatException(
            $"tokenizer.json: model.unk_token '{unkToken}' is not in model.vocab");
        _prefix = continuingSubwordPrefix;
        _maxChars = maxInputCharsPerWord;
    }

    public string? UnkToken { get; }

    public int VocabSize => _vocab.Size;

    public int? TokenToId(string token) => _vocab[token];

    public string? IdToToken(int id) => _vocab.TokenOf(id);

    public void Tokenize(string piece, List<ModelToken> output)
    {
        if (piece.Length == 0) return;
        int codePoints = 0;
        for (int i = 0; i < piece.Length; i += Utf16.CodePointLength(piece, i)) codePoints++;
        if (codePoints > _maxChars)
        {
            output.Add(new ModelToken(_unkId, 0, piece.Length));
            return;
        }
        int first = output.Count;
        Span<char> buffer = stackalloc char[_prefix.Length + piece.Length];
        _prefix.CopyTo(buffer);
        int start = 0;
        while (start < piece.Length)
        {
            int end = piece.Length;
            int id = -1;
            while (end > start)
            {
                var sub = piece.AsSpan(start, end - start);
                bool found;
                if (start == 0) found = _vocab.TryGetId(sub, out id);
                else
                {
                    sub.CopyTo(buffer[_prefix.Length..]);
                    found = _vocab.TryGetId(buffer[..(_prefix.Length + sub.Length)], out id);
                }
                if (found) break;
                id = -1;
                end -= end - 2 >= start && char.IsLowSurrogate(piece[end - 1]) && char.IsHighSurrogate(piece[end - 2]) ? 2 : 1;
            }
            if (id < 0)
            {
                output.RemoveRange(first, output.Count - first);
                output.Add(new ModelToken(_unkId, 0, piece.Length));
                return;
            }
            output.Add(new ModelToken(id, start, end));
            start = end;
        }
    }
}

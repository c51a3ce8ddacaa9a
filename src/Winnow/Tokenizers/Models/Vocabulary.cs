namespace Winnow.Tokenizers.Models;

/// <summary>
/// Token string ↔ id maps shared by the models, with span lookups that do not allocate. Ids must be dense enough:
/// a hostile file claiming id 2,000,000,000 for a 10-entry vocabulary is refused instead of allocating.
/// </summary>
internal sealed class Vocabulary
{
    private readonly Dictionary<string, int> _ids;
    private readonly Dictionary<string, int>.AlternateLookup<ReadOnlySpan<char>> _spanIds;
    private readonly string?[] _tokens;

    public Vocabulary(Dictionary<string, int> ids, string where)
    {
        _ids = ids;
        _spanIds = ids.GetAlternateLookup<ReadOnlySpan<char>>();
        int max = -1;
        foreach (var (token, id) in ids)
        {
            if (id < 0) throw new TokenizerFormatException($"tokenizer.json: {where} token '{token}' has negative id {id}");
            max = Math.Max(max, id);
        }
        if (max >= 2 * ids.Count + 1024)
            throw new TokenizerFormatException(
                $"tokenizer.json: {where} has {ids.Count} entries but ids up to {max}; expected ids below {2 * ids.Count + 1024} (dense 0..n-1)");
        _tokens = new string?[max + 1];
        foreach (var (token, id) in ids) _tokens[id] ??= token;
    }

    public int Size => _tokens.Length;

    public bool TryGetId(ReadOnlySpan<char> token, out int id) => _spanIds.TryGetValue(token, out id);

    public int? this[string token] => _ids.TryGetValue(token, out int id) ? id : null;

    public string? TokenOf(int id) => (uint)id < (uint)_tokens.Length ? _tokens[id] : null;
}

namespace Winnow.Embedding.UseLite;

/// <summary>
/// Prefix tree over vocabulary pieces, keyed by code point. Inserting a piece twice keeps the later id and score
/// (the package's vocabulary lists "”5" three times, and its JavaScript trie keeps the last).
/// </summary>
internal sealed class PieceTrie
{
    private readonly List<Dictionary<int, int>> _children = [new()];
    private readonly List<(bool End, int Id, double Score)> _pieces = [(false, 0, 0)];

    public void Insert(IReadOnlyList<int> symbols, double score, int id)
    {
        var node = 0;
        foreach (var symbol in symbols)
        {
            if (!_children[node].TryGetValue(symbol, out var child))
            {
                child = _children.Count;
                _children[node][symbol] = child;
                _children.Add(new Dictionary<int, int>());
                _pieces.Add((false, 0, 0));
            }
            node = child;
        }
        if (node != 0)
            _pieces[node] = (true, id, score);
    }

    /// <summary>Every piece that <paramref name="symbols"/> starts with at <paramref name="start"/>, shortest first.</summary>
    public IEnumerable<(int Length, int Id, double Score)> PrefixesOf(IReadOnlyList<int> symbols, int start)
    {
        var node = 0;
        for (var i = start; i < symbols.Count && _children[node].TryGetValue(symbols[i], out node); i++)
        {
            var (end, id, score) = _pieces[node];
            if (end)
                yield return (i - start + 1, id, score);
        }
    }
}

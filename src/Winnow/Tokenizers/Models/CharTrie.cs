namespace Winnow.Tokenizers.Models;

/// <summary>A UTF-16 character trie over the Unigram pieces, for common-prefix search from any position.</summary>
internal sealed class CharTrie
{
    private readonly List<int> _values = [-1];
    private readonly Dictionary<long, int> _edges = new(MixedLongComparer.Instance);

    public const int Root = 0;

    public void Insert(string key, int value)
    {
        int node = Root;
        foreach (char c in key)
        {
            long edge = ((long)node << 16) | c;
            if (!_edges.TryGetValue(edge, out int child))
            {
                child = _values.Count;
                _values.Add(-1);
                _edges[edge] = child;
            }
            node = child;
        }
        if (_values[node] < 0) _values[node] = value;
    }

    /// <summary>The child of <paramref name="node"/> along <paramref name="c"/>, or -1.</summary>
    public int Child(int node, char c) => _edges.TryGetValue(((long)node << 16) | c, out int child) ? child : -1;

    /// <summary>The value stored at <paramref name="node"/> (a token id), or -1.</summary>
    public int ValueAt(int node) => _values[node];
}

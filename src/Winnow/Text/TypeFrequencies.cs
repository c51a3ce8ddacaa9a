namespace Winnow.Text;

/// <summary>Token → frequency table of one text, the input of every type-based lexical metric.</summary>
public static class TypeFrequencies
{
    public static Dictionary<string, int> Count(IEnumerable<string> tokens)
    {
        var counts = new Dictionary<string, int>(StringComparer.Ordinal);
        foreach (var token in tokens)
            counts[token] = counts.GetValueOrDefault(token) + 1;
        return counts;
    }
}

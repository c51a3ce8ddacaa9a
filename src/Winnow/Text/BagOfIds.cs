namespace Winnow.Text;

/// <summary>Distinct ids of a sequence with their multiplicities, sorted by id: the unit of IBM Model 1 work.</summary>
public readonly record struct BagOfIds(int[] Ids, int[] Counts)
{
    public int Total => Counts.Sum();

    public static BagOfIds From(IEnumerable<int> ids, Func<int, bool>? keep = null)
    {
        var counts = new SortedDictionary<int, int>();
        foreach (var id in ids)
            if (keep is null || keep(id))
                counts[id] = counts.GetValueOrDefault(id) + 1;
        return new BagOfIds(counts.Keys.ToArray(), counts.Values.ToArray());
    }
}

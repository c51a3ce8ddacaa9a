namespace Winnow.Reporting;

/// <summary>How much two selections of one pool agree.</summary>
public static class MethodOverlap
{
    /// <summary>|A ∩ B| / |A ∪ B|; 1 for two empty sets (they agree on every row).</summary>
    public static double Jaccard(IReadOnlySet<int> a, IReadOnlySet<int> b)
    {
        var both = a.Count(b.Contains);
        var union = a.Count + b.Count - both;
        return union == 0 ? 1 : (double)both / union;
    }

    /// <summary>The picks of <paramref name="method"/> that no other method in <paramref name="all"/> chose, in rank order.</summary>
    public static IReadOnlyList<MethodView.Pick> OnlyBy(MethodView method, IReadOnlyList<MethodView> all) =>
        method.Selected.Where(p => all.All(o => ReferenceEquals(o, method) || !o.SelectedSet.Contains(p.Position))).ToList();
}

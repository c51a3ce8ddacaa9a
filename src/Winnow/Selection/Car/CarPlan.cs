using System.Globalization;

namespace Winnow.Selection.Car;

/// <summary>
/// CaR's selection given scores and cluster labels (METHODS §3.1 step 5, <c>Clustering/cluster.py</c>):
/// the global top-n1 by score, then each cluster's top-n2 appended when not already present. Output order is the
/// top-n1 by descending score, then the appended cluster rows ordered by cluster label compared as strings,
/// descending — CaR stores labels as strings ("95" &gt; "160" &gt; "10"), and this reproduces that order; rows of the same
/// cluster follow by descending score. Score ties go to the lower row number. NaN scores are never selected.
/// <para>
/// Budget rule. With n1 given, the CaR list is cut at the budget (the last appended rows go first). With n1 not given,
/// n1 is the longest global-top prefix such that top-n1 ∪ (every cluster's top-n2) fits the budget, so the whole
/// budget is used and every cluster is represented. When the cluster rows alone exceed the budget, n1 = 0 and the
/// budget's worth of best-scoring cluster rows is kept.
/// </para>
/// </summary>
internal static class CarPlan
{
    public static SelectionResult Select(double[] scores, int[] labels, int budget, int? n1, int n2)
    {
        if (scores.Length != labels.Length)
            throw new ArgumentException($"{scores.Length} scores but {labels.Length} cluster labels");
        ArgumentOutOfRangeException.ThrowIfNegative(budget);
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(n2);
        if (n1 < 0)
            throw new ArgumentOutOfRangeException(nameof(n1), n1, "n1 must be ≥ 0");

        var ranked = Enumerable.Range(0, scores.Length).Where(r => !double.IsNaN(scores[r]))
            .OrderByDescending(r => scores[r]).ThenBy(r => r).ToArray();
        var rank = new int[scores.Length];
        for (var i = 0; i < ranked.Length; i++)
            rank[ranked[i]] = i;

        // Each cluster's top-n2, in rank order within the cluster.
        var perCluster = new Dictionary<int, int>();
        var clusterRows = new List<int>();
        foreach (var row in ranked)
        {
            perCluster.TryGetValue(labels[row], out var taken);
            if (taken < n2)
            {
                perCluster[labels[row]] = taken + 1;
                clusterRows.Add(row);
            }
        }
        var isClusterRow = new HashSet<int>(clusterRows);

        int top;
        List<int> appended;
        if (n1 is int fixedTop)
        {
            top = Math.Min(fixedTop, ranked.Length);
            appended = clusterRows.Where(r => rank[r] >= top).ToList();
        }
        else if (clusterRows.Count >= budget)
        {
            top = 0;
            appended = clusterRows.Take(budget).ToList();
        }
        else
        {
            top = LongestFittingPrefix(ranked, isClusterRow, budget - clusterRows.Count);
            appended = clusterRows.Where(r => rank[r] >= top).ToList();
        }
        appended.Sort((a, b) =>
        {
            var byLabel = string.CompareOrdinal(Label(labels[b]), Label(labels[a]));
            return byLabel != 0 ? byLabel : rank[a].CompareTo(rank[b]);
        });

        var order = ranked.Take(top).Concat(appended).Take(budget).ToList();
        var picks = new List<Pick>(order.Count);
        var chosen = new HashSet<int>();
        foreach (var row in order)
        {
            var reason = rank[row] < top
                ? $"global top-n1 (rank {rank[row] + 1}, score {Format(scores[row])})" + (isClusterRow.Contains(row) ? $", also {ClusterReason(row, labels, n2)}" : "")
                : ClusterReason(row, labels, n2);
            picks.Add(new Pick(row, picks.Count, reason) { Covers = isClusterRow.Contains(row) });
            chosen.Add(row);
        }

        var rejected = new List<Rejection>(scores.Length - chosen.Count);
        // Most rejections say only which cluster the row lost in: one string per cluster, not one per row.
        var lostIn = new Dictionary<int, string>();
        for (var row = 0; row < scores.Length; row++)
        {
            if (chosen.Contains(row))
                continue;
            var reason = double.IsNaN(scores[row]) ? "score missing"
                : isClusterRow.Contains(row) ? $"{ClusterReason(row, labels, n2)}, but cut by the budget of {budget}"
                : lostIn.TryGetValue(labels[row], out var shared) ? shared
                : lostIn[labels[row]] = n2 == 1 ? $"below top-n1 and not best of cluster {Label(labels[row])}"
                : $"below top-n1 and not in the top-{n2} of cluster {Label(labels[row])}";
            rejected.Add(new Rejection(row, reason));
        }
        return new SelectionResult(picks, rejected);
    }

    /// <summary>Largest n1 such that at most <paramref name="allowance"/> of the top-n1 rows are not cluster rows.</summary>
    private static int LongestFittingPrefix(int[] ranked, HashSet<int> isClusterRow, int allowance)
    {
        var top = 0;
        var others = 0;
        foreach (var row in ranked)
        {
            if (!isClusterRow.Contains(row))
            {
                if (others == allowance)
                    break;
                others++;
            }
            top++;
        }
        return top;
    }

    private static string ClusterReason(int row, int[] labels, int n2) =>
        n2 == 1 ? $"best of cluster {Label(labels[row])}" : $"top-{n2} of cluster {Label(labels[row])}";

    private static string Label(int label) => label.ToString(CultureInfo.InvariantCulture);

    private static string Format(double score) => score.ToString("R", CultureInfo.InvariantCulture);
}

namespace Winnow.Bench.Text;

/// <summary>Area under the ROC curve as the Mann–Whitney statistic: P(score of a positive > score of a negative), ties counting ½.</summary>
internal static class Auroc
{
    public static double Compute(IReadOnlyList<double> scores, IReadOnlyList<bool> positive)
    {
        var order = Enumerable.Range(0, scores.Count).OrderBy(i => scores[i]).ToArray();
        double rankSumPositive = 0;
        long positives = 0;
        for (var start = 0; start < order.Length;)
        {
            var end = start;
            while (end + 1 < order.Length && scores[order[end + 1]] == scores[order[start]])
                end++;
            var averageRank = (start + end) / 2.0 + 1;
            for (var i = start; i <= end; i++)
                if (positive[order[i]])
                {
                    rankSumPositive += averageRank;
                    positives++;
                }
            start = end + 1;
        }
        long negatives = scores.Count - positives;
        return (rankSumPositive - positives * (positives + 1) / 2.0) / ((double)positives * negatives);
    }
}

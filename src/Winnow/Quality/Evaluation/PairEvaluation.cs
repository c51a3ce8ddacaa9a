using Winnow.Data;
using Winnow.Quality.Pairs;
using Winnow.Scoring;

namespace Winnow.Quality.Evaluation;

/// <summary>One line of a pairwise evaluation.</summary>
/// <param name="Unscored">Pairs left out because the scorer returned an error for one side (listed, never guessed).</param>
/// <param name="Tau">Kendall τ-b against the grades of a graded file; NaN for a file of pairs.</param>
public sealed record EvaluationLine(string Label, AccuracyEstimate Overall, AccuracyEstimate NotLonger, int Unscored, double Tau);

/// <summary>
/// Scores both sides of every pair and measures agreement with the preference: overall, and on the slice of pairs
/// where the preferred response is not longer (in characters) than the other, which separates a quality signal
/// from a length signal. The first line is always response length itself, the reference every scorer must beat.
/// Pool-fitted scorers are fitted on <c>pool</c> when given, else on the texts of the pairs.
/// </summary>
public static class PairEvaluation
{
    public const string LengthLabel = "length (characters, reference)";

    public static IReadOnlyList<EvaluationLine> Run(PairSet set, IReadOnlyList<(ScoreColumn Column, IScorer Scorer)> scorers,
        IEnumerable<Sample>? pool, ulong seed, CancellationToken cancellationToken)
    {
        var samples = set.Samples();
        var indexPairs = set.SampleIndexPairs();
        var lengths = samples.Select(s => (double)Characters(s.Response)).ToArray();
        var notLonger = indexPairs.Select(p => lengths[p.Preferred] <= lengths[p.Other]).ToArray();
        var lines = new List<EvaluationLine> { Line(LengthLabel, lengths, set, indexPairs, notLonger, seed) };
        foreach (var (column, scorer) in scorers)
        {
            if (scorer is IPoolFittedScorer fitted)
                fitted.Fit(pool ?? samples, cancellationToken);
            var field = column.FieldIndex(scorer.Fields);
            var values = new double[samples.Count];
            for (var start = 0; start < samples.Count; start += 256)
            {
                var batch = samples.Skip(start).Take(256).ToList();
                var results = scorer.Score(batch, cancellationToken);
                for (var i = 0; i < batch.Count; i++)
                {
                    var value = results[i].IsOk ? results[i].Values![field] : double.NaN;
                    values[start + i] = column.LowerIsBetter ? -value : value;
                }
            }
            lines.Add(Line(column.Label, values, set, indexPairs, notLonger, seed));
        }
        return lines;
    }

    public static int Characters(string text) => text.EnumerateRunes().Count();

    private static EvaluationLine Line(string label, double[] values, PairSet set, IReadOnlyList<(int Preferred, int Other)> indexPairs, bool[] notLonger, ulong seed)
    {
        var all = new List<double>();
        var slice = new List<double>();
        var unscored = 0;
        for (var k = 0; k < indexPairs.Count; k++)
        {
            var (a, b) = (values[indexPairs[k].Preferred], values[indexPairs[k].Other]);
            if (double.IsNaN(a) || double.IsNaN(b))
            {
                unscored++;
                continue;
            }
            var credit = PairwiseAccuracy.Credit(a, b);
            all.Add(credit);
            if (notLonger[k])
                slice.Add(credit);
        }
        var tau = double.NaN;
        if (set.Graded is { } graded)
        {
            var scored = Enumerable.Range(0, graded.Count).Where(i => !double.IsNaN(values[i])).ToList();
            tau = KendallTau.TauB(scored.Select(i => graded[i].Score).ToList(), scored.Select(i => values[i]).ToList());
        }
        return new EvaluationLine(label, PairwiseAccuracy.Estimate(all, seed), PairwiseAccuracy.Estimate(slice, seed), unscored, tau);
    }
}

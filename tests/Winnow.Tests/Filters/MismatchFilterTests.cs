using Winnow.Filters;

namespace Winnow.Tests.Filters;

public class MismatchFilterTests
{
    private static MismatchFilter Filter(string maxRobustZ, string perSourceMinRows = "0") =>
        MismatchFilter.Create(Parameters.For<MismatchFilter>(new Dictionary<string, string> { ["max_robust_z"] = maxRobustZ, ["per_source_min_rows"] = perSourceMinRows }));

    [Fact]
    public void The_rule_is_a_one_sided_robust_z_on_the_pools_own_median_and_mad()
    {
        // Values 1..9 and 30: median 5.5, MAD = median |x − 5.5| = 2.5, scaled 3.7065; 30 → z 6.61, 1 → z −1.21.
        var values = Enumerable.Range(1, 9).Select(i => ((long)i, (double)i)).Append((10L, 30.0)).ToList();
        var flagged = Filter("3.5").Decide(values);
        Assert.Equal([10L], flagged.Select(f => f.Index));
        Assert.Contains("stat-IFD 30.000, robust z 6.61 > 3.5 (pool median 5.500, scaled MAD 3.70", flagged[0].Detail);
        // z of 8, 9 and 30 exceed 0.5 (8 → 0.67); 7 → 0.40 does not.
        Assert.Equal([8L, 9L, 10L], Filter("0.5").Decide(values).Select(f => f.Index));
    }

    [Fact]
    public void A_big_enough_source_is_calibrated_on_its_own_median_and_mad()
    {
        // Source "a": 1, 2, …, 9 (median 5, MAD 2, scaled 2.9652). Source "t" (templated): 20, 21, …, 28 (median 24,
        // scaled MAD 2.9652). Source "s": one row at 40.
        List<(long, double, string)> values = [.. Enumerable.Range(1, 9).Select(i => ((long)i, (double)i, "a")), .. Enumerable.Range(20, 9).Select(i => ((long)i, (double)i, "t"))];
        values.Add((99, 40.0, "s"));
        // Per source (at least 9 rows): a's 9 → z 1.35, t's 28 → z 1.35, both above 1.2 (8 and 27 → 1.01). The lone row
        // of "s" is calibrated with the pool of all 19 values (median 20, MAD 11 → scaled 16.309): 40 → z 1.23.
        var perSource = Filter("1.2", "9").DecideBySource(values);
        Assert.Equal([9L, 28L, 99L], perSource.Select(f => f.Index));
        Assert.Contains("(source a median 5.000, scaled MAD 2.965)", perSource[0].Detail);
        Assert.Contains("(pool median 20.000, scaled MAD 16.309)", perSource[2].Detail);
        // Calibrated on the pool alone, a's 9 and t's 28 (z 0.49) pass: each source's outlier hides in the mixed spread.
        Assert.Equal([99L], Filter("1.2").DecideBySource(values).Select(f => f.Index));
    }

    [Fact]
    public void Too_few_rows_or_no_spread_flag_nothing()
    {
        Assert.Empty(Filter("1").Decide([(0, 1.0), (1, 5.0)]));
        Assert.Empty(Filter("1").Decide([(0, 1.0), (1, 1.0), (2, 1.0), (3, 9.0)]));
    }

    [SharedFact]
    public void Flags_swapped_responses_on_real_rows_more_often_than_untouched_ones()
    {
        var rows = Winnow.Data.DatasetReader.Read(TestPaths.Data("alpaca_cherry_5pct.json")).Take(1200).Select(o => o.Sample!).ToList();
        var swapped = Enumerable.Range(0, 40).Select(i => i * 29).ToArray();
        for (var k = 0; k < swapped.Length; k += 2)
        {
            var (a, b) = (rows[swapped[k]], rows[swapped[k + 1]]);
            rows[swapped[k]] = TestRows.Alpaca(a.Index, a.Instruction, b.Response, a.Input);
            rows[swapped[k + 1]] = TestRows.Alpaca(b.Index, b.Instruction, a.Response, b.Input);
        }
        var flagged = Filter("1.5").Decide(() => rows, CancellationToken.None).Select(f => f.Index).ToHashSet();
        var hits = swapped.Count(i => flagged.Contains(i));
        var falseAlarms = flagged.Count - hits;
        Assert.True((double)hits / swapped.Length > 5.0 * falseAlarms / (rows.Count - swapped.Length), $"{hits} of {swapped.Length} swapped vs {falseAlarms} of {rows.Count - swapped.Length} untouched rows flagged");
        Assert.True(falseAlarms <= 0.03 * rows.Count, $"{falseAlarms} untouched rows flagged");
    }
}

using Winnow.Pipeline;
using Winnow.Pipeline.Filters;

namespace Winnow.Tests.Pipeline.Filters;

public class RowFiltersTests
{
    private static readonly string[] Topics = ["rivers", "volcanoes", "tides", "glaciers", "deserts", "forests", "comets", "planets", "storms", "reefs"];

    [Fact]
    public void Degeneracy_flags_a_looping_answer_and_keeps_short_and_varied_ones()
    {
        var filter = new DegeneracyFilter();
        var loop = TestRows.Alpaca(0, "Describe a cat.", string.Concat(Enumerable.Repeat("Cats are very nice animals indeed. ", 30)));
        Assert.StartsWith("the response loops: 180 words", filter.Check(loop));
        Assert.Null(filter.Check(TestRows.Alpaca(1, "Add 3 and 5.", "8")));
        Assert.Null(filter.Check(TestRows.Alpaca(2, "Describe a cat.", "Cats are small carnivorous mammals kept as pets for thousands of years; they hunt mice, sleep most of the day, groom themselves often, purr when content, and communicate with a wide range of sounds and body postures.")));
    }

    [Fact]
    public void Mismatch_rule_is_a_one_sided_robust_z_on_the_pools_own_median_and_mad()
    {
        // Values 1..9 and 30: median 5.5, MAD = median |x − 5.5| = 2.5, scaled 3.7065; 30 → z 6.61, 1 → z −1.21.
        var values = Enumerable.Range(1, 9).Select(i => ((long)i, (double)i)).Append((10L, 30.0)).ToList();
        var flagged = new MismatchFilter { MaxRobustZ = 3.5 }.Decide(values);
        Assert.Equal([10L], flagged.Keys);
        Assert.Contains("stat-IFD 30.000, robust z 6.61 > 3.5 (pool median 5.500, scaled MAD 3.70", flagged[10].Reason);
        Assert.Equal(3, new MismatchFilter { MaxRobustZ = 0.5 }.Decide(values).Count);
    }

    [SharedFact]
    public void Mismatch_flags_swapped_responses_on_real_rows_more_often_than_untouched_ones()
    {
        var rows = Winnow.Data.DatasetReader.Read(TestPaths.Data("alpaca_cherry_5pct.json")).Take(1200).Select(o => o.Sample!).ToList();
        var swapped = Enumerable.Range(0, 40).Select(i => i * 29).ToArray();
        for (var k = 0; k < swapped.Length; k += 2)
        {
            var (a, b) = (rows[swapped[k]], rows[swapped[k + 1]]);
            rows[swapped[k]] = TestRows.Alpaca(a.Index, a.Instruction, b.Response, a.Input);
            rows[swapped[k + 1]] = TestRows.Alpaca(b.Index, b.Instruction, a.Response, b.Input);
        }
        var flagged = new MismatchFilter().Run(() => rows, CancellationToken.None);
        var hits = swapped.Count(i => flagged.ContainsKey(i));
        var falseAlarms = flagged.Count - hits;
        Assert.True((double)hits / swapped.Length > 5.0 * falseAlarms / (rows.Count - swapped.Length), $"{hits} of {swapped.Length} swapped vs {falseAlarms} of {rows.Count - swapped.Length} untouched rows flagged");
        Assert.True(falseAlarms <= 0.03 * rows.Count, $"{falseAlarms} untouched rows flagged");
    }

    [Fact]
    public void Row_filters_run_degeneracy_first_and_calibrate_mismatch_on_the_rest()
    {
        var rows = Enumerable.Range(0, 40).Select(i => TestRows.Alpaca(i, $"Tell me about {Topics[i % 10]}.", $"{Topics[i % 10]} are interesting and {Topics[i % 10]} matter.")).ToList();
        rows[3] = TestRows.Alpaca(3, "Tell me about tides.", string.Concat(Enumerable.Repeat("the moon pulls the sea. ", 40)));
        var decisions = RowFilters.Run(() => rows, new DegeneracyFilter(), null, CancellationToken.None);
        Assert.Equal([3L], decisions.Keys);
        Assert.Equal(DegeneracyFilter.Code, decisions[3].Status);
    }

    [Theory]
    [InlineData("degeneracy: {min_words: 1}", "degeneracy needs min_words ≥ 3")]
    [InlineData("mismatch: {max_robust_z: 0}", "mismatch.max_robust_z is 0")]
    [InlineData("mismatch: {max_z: 3}", "max_z")]
    public void Recipe_keys_of_the_filters_are_validated(string line, string message)
    {
        var error = Assert.Throws<ArgumentException>(() => Recipe.Parse($"name: t\n{line}\nselector: {{name: top-k}}\n", "t.yaml"));
        Assert.Contains(message, error.Message);
    }

    [Fact]
    public void The_default_recipe_uses_every_row_decision_and_the_learnt_quality()
    {
        var recipe = Catalog.DefaultRecipe();
        Assert.NotNull(recipe.NearDedup);
        Assert.Equal(30, recipe.Degeneracy!.MinWords);
        Assert.Equal(1.5, recipe.Mismatch!.MaxRobustZ);
        Assert.Equal((0.9, "prompt"), (recipe.NearDedup!.Threshold, recipe.NearDedup.Text));
        Assert.Equal(0.1, recipe.SourceFloor!.MinPoolShare);
        Assert.Equal("quality", recipe.Scorers.Single().Name);
        Assert.Equal("quality.quality", recipe.Selector.Params["column"]);
    }
}

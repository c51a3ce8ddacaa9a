using Winnow.Filters;

namespace Winnow.Tests.Filters;

public class NearDedupFilterTests
{
    [Fact]
    public void Near_duplicates_collapse_to_the_smallest_index_with_their_jaccard()
    {
        var filter = NearDedupFilter.Create(Parameters.For<NearDedupFilter>());
        var answer = string.Join(' ', Enumerable.Range(0, 80).Select(i => $"token{i}"));
        var decisions = new[]
        {
            TestRows.Alpaca(0, "Describe the list", answer),
            TestRows.Alpaca(1, "Something unrelated", "a completely different reply about gardening and weather today"),
            TestRows.Alpaca(2, "Describe the list", answer + " extra"),
            TestRows.Alpaca(3, "Describe the list", answer),
        }.Select(filter.Check).ToList();
        Assert.Null(decisions[0]);
        Assert.Null(decisions[1]);
        Assert.Contains("near-duplicate of row 0", decisions[2]);
        Assert.Contains("near-duplicate of row 0 (word-bigram Jaccard 1.000", decisions[3]);
    }

    [Fact]
    public void Permutations_must_be_a_multiple_of_bands()
    {
        var error = Assert.Throws<ArgumentException>(() => NearDedupFilter.Create(Parameters.For<NearDedupFilter>(new Dictionary<string, string> { ["permutations"] = "100", ["bands"] = "16" })));
        Assert.Contains("multiple of bands", error.Message);
    }

    [Fact]
    public void With_the_input_rows_that_differ_only_in_their_input_are_not_duplicates()
    {
        // Same instruction and answer, different input: SCAR's text (instruction + response) sees one row twice.
        var rows = new[]
        {
            TestRows.Alpaca(0, "Sort these words alphabetically.", "fig, kiwi, pear", "pear, fig, kiwi"),
            TestRows.Alpaca(1, "Sort these words alphabetically.", "fig, kiwi, pear", "kiwi, pear, fig"),
        };
        NearDedupFilter Filter(string includeInput) => NearDedupFilter.Create(Parameters.For<NearDedupFilter>(new Dictionary<string, string> { ["threshold"] = "0.9", ["include_input"] = includeInput }));
        var scar = Filter("false");
        Assert.Null(scar.Check(rows[0]));
        Assert.Contains("near-duplicate of row 0 (word-bigram Jaccard 1.000", scar.Check(rows[1]));
        var withInput = Filter("true");
        Assert.All(rows, r => Assert.Null(withInput.Check(r)));
    }
}

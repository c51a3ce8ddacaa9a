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
}

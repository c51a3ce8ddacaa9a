using Winnow.Components;
using Winnow.Filters;
using Winnow.Quality.Features;

namespace Winnow.Tests.Filters;

public class DegeneracyFilterTests
{
    [Fact]
    public void Flags_a_looping_answer_and_keeps_short_and_varied_ones()
    {
        var filter = DegeneracyFilter.Create(Parameters.For<DegeneracyFilter>());
        var loop = TestRows.Alpaca(0, "Describe a cat.", string.Concat(Enumerable.Repeat("Cats are very nice animals indeed. ", 30)));
        Assert.StartsWith("the response loops: 180 words", filter.Check(loop));
        Assert.Null(filter.Check(TestRows.Alpaca(1, "Add 3 and 5.", "8")));
        Assert.Null(filter.Check(TestRows.Alpaca(2, "Describe a cat.", "Cats are small carnivorous mammals kept as pets for thousands of years; they hunt mice, sleep most of the day, groom themselves often, purr when content, and communicate with a wide range of sounds and body postures.")));
        Assert.Equal("degenerate", filter.Code);
    }

    /// <summary>The Deflate size of each response it compresses goes to the run's sizes; a response too short to be checked is not compressed.</summary>
    [Fact]
    public void Shares_the_sizes_of_the_responses_it_compresses()
    {
        var filter = DegeneracyFilter.Create(Parameters.For<DegeneracyFilter>());
        var sizes = new ResponseDeflateSizes();
        filter.ShareDeflateSizes(sizes);
        var answer = "Cats are small carnivorous mammals kept as pets for thousands of years; they hunt mice, sleep most of the day, groom themselves often, purr when content, and communicate with a wide range of sounds.";
        Assert.Null(filter.Check(TestRows.Alpaca(40, "Describe a cat.", answer)));
        Assert.Null(filter.Check(TestRows.Alpaca(41, "Add 3 and 5.", "8")));
        Assert.Equal(TextFeatures.DeflatedSize(answer), sizes.Get(40));
        Assert.Null(sizes.Get(41));
    }

    [Theory]
    [InlineData("min_words", "1", "'min_words' is '1'")]
    [InlineData("max_compression", "0", "'max_compression' is '0'")]
    [InlineData("max_repeated_trigrams", "1.5", "'max_repeated_trigrams' is '1.5'")]
    public void Parameters_out_of_range_are_refused(string key, string value, string message)
    {
        var error = Assert.Throws<ArgumentException>(() => Declared.Of<DegeneracyFilter>().Bind(new Dictionary<string, string> { [key] = value }));
        Assert.Contains(message, error.Message);
    }
}

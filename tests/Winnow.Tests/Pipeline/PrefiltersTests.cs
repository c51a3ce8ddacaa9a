using Winnow.Pipeline;

namespace Winnow.Tests.Pipeline;

public class PrefiltersTests
{
    [Fact]
    public void AsciiLetterShareCountsOnlyLettersAmongAllCharacters()
    {
        Assert.Equal(0.5, Prefilters.AsciiLetterShare("ab12"), 12);
        Assert.Equal(0.0, Prefilters.AsciiLetterShare("日本語"), 12);
        Assert.Equal(0.0, Prefilters.AsciiLetterShare(""), 12);
    }

    [Fact]
    public void LanguageCheckNeedsBothSidesAboveTheShare()
    {
        var rows = new[]
        {
            TestRows.Alpaca(0, "Translate please", "Bonjour tout le monde"),
            TestRows.Alpaca(1, "Translate please", "こんにちは世界"),
            TestRows.Alpaca(2, "翻訳してください", "Hello world"),
        };
        var setAside = Prefilters.Run(rows, 0.7, null, CancellationToken.None);
        Assert.Equal([1L, 2L], setAside.Keys.Order());
        Assert.All(setAside.Values, v => Assert.Equal("language", v.Status));
        Assert.Contains("70 %", setAside[1].Reason);
    }

    [Fact]
    public void NearDuplicatesCollapseToTheSmallestIndexWithTheirJaccard()
    {
        var answer = string.Join(' ', Enumerable.Range(0, 80).Select(i => $"token{i}"));
        var rows = new[]
        {
            TestRows.Alpaca(0, "Describe the list", answer),
            TestRows.Alpaca(1, "Something unrelated", "a completely different reply about gardening and weather today"),
            TestRows.Alpaca(2, "Describe the list", answer + " extra"),
            TestRows.Alpaca(3, "Describe the list", answer),
        };
        var setAside = Prefilters.Run(rows, null, new NearDedupSpec(), CancellationToken.None);
        Assert.Equal([2L, 3L], setAside.Keys.Order());
        Assert.Contains("near-duplicate of row 0", setAside[2].Reason);
        Assert.Contains("near-duplicate of row 0 (word-bigram Jaccard 1.000", setAside[3].Reason);
    }

    [Fact]
    public void WithThePromptRowsThatDifferOnlyInTheirInputAreNotDuplicates()
    {
        // Same instruction and answer, different input: SCAR's text (instruction + response) sees one row twice.
        var rows = new[]
        {
            TestRows.Alpaca(0, "Sort these words alphabetically.", "fig, kiwi, pear", "pear, fig, kiwi"),
            TestRows.Alpaca(1, "Sort these words alphabetically.", "fig, kiwi, pear", "kiwi, pear, fig"),
        };
        var scar = Prefilters.Run(rows, null, new NearDedupSpec { Threshold = 0.9 }, CancellationToken.None);
        Assert.Contains("near-duplicate of row 0 (word-bigram Jaccard 1.000", Assert.Single(scar).Value.Reason);
        Assert.Empty(Prefilters.Run(rows, null, new NearDedupSpec { Threshold = 0.9, Text = "prompt" }, CancellationToken.None));
    }

    [Fact]
    public void AnUnknownNearDedupTextIsARecipeError() =>
        Assert.Contains("near_dedup.text is 'input'", Assert.Throws<ArgumentException>(() => Recipe.Parse("near_dedup: {text: input}\nselector: {name: random}\n", "r.yaml")).Message);
}

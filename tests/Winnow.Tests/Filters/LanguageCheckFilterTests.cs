using Winnow.Filters;

namespace Winnow.Tests.Filters;

public class LanguageCheckFilterTests
{
    [Fact]
    public void Ascii_letter_share_counts_only_letters_among_all_characters()
    {
        Assert.Equal(0.5, LanguageCheckFilter.AsciiLetterShare("ab12"), 12);
        Assert.Equal(0.0, LanguageCheckFilter.AsciiLetterShare("日本語"), 12);
        Assert.Equal(0.0, LanguageCheckFilter.AsciiLetterShare(""), 12);
    }

    [Fact]
    public void Both_sides_must_be_above_the_share()
    {
        var filter = LanguageCheckFilter.Create(Parameters.For<LanguageCheckFilter>());
        Assert.Null(filter.Check(TestRows.Alpaca(0, "Translate please", "Bonjour tout le monde")));
        Assert.Contains("70 %", filter.Check(TestRows.Alpaca(1, "Translate please", "こんにちは世界")));
        Assert.NotNull(filter.Check(TestRows.Alpaca(2, "翻訳してください", "Hello world")));
        Assert.Equal("language", filter.Code);
    }
}

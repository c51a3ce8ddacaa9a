using Winnow.Quality.Pairs;

namespace Winnow.Tests.Quality;

public class EscapeTextTests
{
    [Theory]
    [InlineData(@"a\nb", "a\nb")]
    [InlineData(@"say \""hi\""", "say \"hi\"")]
    [InlineData(@"\u2022\tItem", "\u2022\tItem")]
    [InlineData(@"$\\frac{1}{2}$", @"$\frac{1}{2}$")]
    [InlineData(@"raw \frac{1}{2} and \sqrt{2}", @"raw \frac{1}{2} and \sqrt{2}")]
    [InlineData(@"\ud83d\ude00", "\U0001F600")]
    [InlineData(@"bad \u12 end\", @"bad \u12 end\")]
    [InlineData("no escapes", "no escapes")]
    public void Decodes_string_escapes_and_keeps_other_backslashes(string raw, string expected) =>
        Assert.Equal(expected, EscapeText.Decode(raw));

    [Fact]
    public void Decoding_is_the_same_function_for_both_sides_so_decoded_text_is_stable() =>
        Assert.Equal("line\nnext", EscapeText.Decode(EscapeText.Decode(@"line\nnext")));
}

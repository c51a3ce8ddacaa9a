using Winnow.Text;

namespace Winnow.Tests.Text;

public class LexicalTokenizerTests
{
    [Fact]
    public void FollowsTheLexicalRichnessPreprocessing()
    {
        // lower-case → "well-known 3 cats, the cat’s—dog!"; digits and -, — deleted → "wellknown  cats, the cat’sdog!";
        // ASCII punctuation → space; the typographic apostrophe ’ is not ASCII and stays inside the token.
        Assert.Equal(["wellknown", "cats", "the", "cat’sdog"], LexicalTokenizer.Tokenize("Well-known 3 cats, the CAT’s—dog!"));
    }

    [Fact]
    public void DigitsAreDeletedNotSplit()
    {
        Assert.Equal(["abcdef", "x"], LexicalTokenizer.Tokenize("abc123def\tx_"));
        Assert.Empty(LexicalTokenizer.Tokenize(" 12 -- ... "));
    }
}

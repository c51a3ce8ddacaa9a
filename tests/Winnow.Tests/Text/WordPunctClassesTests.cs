using System.Text.RegularExpressions;
using Winnow.Text;

namespace Winnow.Tests.Text;

public class WordPunctClassesTests
{
    /// <summary>Every UTF-16 code unit classed as WordPunctTokenizer's pattern <c>\w+|[^\w\s]+</c> classes it.</summary>
    [Fact]
    public void TheTableAgreesWithTheTokenizersRegexOnEveryCodeUnit()
    {
        var word = new Regex(@"^\w$", RegexOptions.CultureInvariant);
        var other = new Regex(@"^[^\w\s]$", RegexOptions.CultureInvariant);
        for (var c = 0; c <= char.MaxValue; c++)
        {
            var unit = ((char)c).ToString();
            var expected = word.IsMatch(unit) ? WordPunctClasses.Word : other.IsMatch(unit) ? WordPunctClasses.Other : WordPunctClasses.Space;
            Assert.True(expected == WordPunctClasses.Of((char)c), $"U+{c:X4}: expected class {expected}, table {WordPunctClasses.Of((char)c)}");
        }
    }

    /// <summary>
    /// The fast shingler lowers non-ASCII text once where the reference lowers it twice (before and inside the
    /// tokeniser): the same only because invariant lower-casing is idempotent, checked on every code point.
    /// </summary>
    [Fact]
    public void InvariantLowerCasingIsIdempotentOnEveryCodePoint()
    {
        for (var c = 0; c <= 0x10FFFF; c++)
        {
            var text = c is >= 0xD800 and <= 0xDFFF ? ((char)c).ToString() : char.ConvertFromUtf32(c);
            var lower = text.ToLowerInvariant();
            Assert.Equal(lower, lower.ToLowerInvariant());
        }
    }

    /// <summary>NextToken walks a text into the tokenizer's tokens: runs of word or of other units, spaces skipped, a lone surrogate its own kind.</summary>
    [Theory]
    [InlineData("don't stop—believing!! café_1 x+y")]
    [InlineData("   leading and trailing   ")]
    [InlineData("")]
    [InlineData("  \t\n ")]
    [InlineData("a\ud800b 😀😀 ½x ..!?")]
    public void NextTokenGivesTheTokenizersTokens(string text)
    {
        var tokens = new List<string>();
        for (var at = 0; WordPunctClasses.NextToken(text, ref at, out var start);)
            tokens.Add(text[start..at]);
        Assert.Equal(WordPunctTokenizer.Tokenize(text), tokens);
    }
}

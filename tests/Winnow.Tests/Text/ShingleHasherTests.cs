using System.Text;
using Winnow.Text;

namespace Winnow.Tests.Text;

public class ShingleHasherTests
{
    private static readonly string[] Pieces =
    [
        "the", "The", "QUICK", "fox", "don't", "x+y", "—", "!!", "...", "café", "İstanbul", "ΣΟΦΙΑ", "ß", "日本語", "テキスト",
        "😀", "🇫🇷", "\uD800", "\uDC00", "a_b", "½", "²", "\u0301", "e\u0301", "١٢٣", "https://example.com/a?b=c&d=e",
        "supercalifragilisticexpialidocious-and-then-some-more-words-to-pass-55-bytes", "ǅ", "\u200C", "tab\there",
        "line\nbreak", "\u00A0", "\u2028", "\u3000", "42", "3.14", "(paren)", "[1]", "C#", "naïve", "Ⅻ", "ﬁ",
    ];

    private static readonly string[] Separators = [" ", "  ", "\t", "\n", "", "\u00A0", " — ", ","];

    /// <summary>Texts glued from words, unicode (surrogate pairs, lone surrogates, marks, title case) and punctuation.</summary>
    public static IEnumerable<string> Texts()
    {
        yield return "";
        yield return "   ";
        yield return "one";
        yield return "Hello World";
        yield return "İ";
        yield return string.Join(' ', Enumerable.Range(0, 500).Select(i => $"w{i % 37}"));
        yield return new string('a', 70) + " " + new string('b', 3);
        var random = new Random(7);
        for (var t = 0; t < 2000; t++)
        {
            var text = new StringBuilder();
            var words = random.Next(0, 60);
            for (var w = 0; w < words; w++)
            {
                text.Append(Pieces[random.Next(Pieces.Length)]);
                text.Append(Separators[random.Next(Separators.Length)]);
            }
            yield return text.ToString();
        }
        for (var t = 0; t < 300; t++)
            yield return new string(Enumerable.Range(0, random.Next(0, 200)).Select(_ => (char)random.Next(0, 0x3000)).ToArray());
    }

    /// <summary>Every lane width (16, 8, one by one) gives the reference's shingles (regex tokens, a string a word, system SHA-1), in order.</summary>
    [Theory]
    [InlineData(16)]
    [InlineData(8)]
    [InlineData(0)]
    public void ShinglesEqualTheReferencesOnVariedTexts(int width)
    {
        var hasher = new ShingleHasher(width);
        foreach (var text in Texts())
            Assert.Equal(MinHashLshReference.Shingles(text), hasher.Hash(text).ToArray());
    }

    /// <summary>The unsorted hashes hold each bigram's hash once per occurrence, as the reference's do, and give the set's band keys.</summary>
    [Theory]
    [InlineData(16)]
    [InlineData(8)]
    [InlineData(0)]
    public void EachBigramsHashHasTheSetsHashesAndBandKeys(int width)
    {
        var hasher = new ShingleHasher(width);
        var lsh = new MinHashLsh(128, 16, 3);
        var (fromSet, fromEach) = (new ulong[lsh.Bands], new ulong[lsh.Bands]);
        var repeated = 0;
        foreach (var text in Texts())
        {
            var set = MinHashLshReference.Shingles(text);
            var each = hasher.HashEach(text).ToArray();
            Assert.Equal(MinHashLshReference.EachShingle(text).Order(), each.Order());
            if (set.Length == 0)
                continue;
            repeated += each.Length - set.Length;
            lsh.BandKeys(set, fromSet);
            lsh.BandKeys(each, fromEach);
            Assert.Equal(fromSet, fromEach);
        }
        Assert.True(repeated > 1000, $"only {repeated} repeated bigrams: the texts do not test repeats");
    }

    [Fact]
    public void TheSharedEntryPointIsTheFastPath()
    {
        foreach (var text in Texts().Take(200))
            Assert.Equal(MinHashLshReference.Shingles(text), MinHashLsh.Shingles(text));
    }
}

using FsCheck;
using FsCheck.Fluent;
using Winnow.Text.Unicode;
using Winnow.Tokenizers;
using Winnow.Tokenizers.Decoders;
using Winnow.Tokenizers.Normalizers;
using Winnow.Tokenizers.PreTokenizers;

namespace Winnow.Tests.Tokenizers;

/// <summary>Normalizers, split patterns, split behaviours, decoders and added-token flags on small hand-made cases.</summary>
public sealed class ComponentTests
{
    [Fact]
    public void NormalizersKeepTheAlignmentToTheOriginal()
    {
        var nfc = new UnicodeFormNormalizer(UnicodeForm.Nfc).Normalize(NormalizedText.Identity("xe\u0301y", 10));
        Assert.Equal("x\u00E9y", nfc.Text);
        Assert.Equal((11, 13), nfc.OriginalSpan(1, 2));
        Assert.Equal((13, 14), nfc.OriginalSpan(2, 3));
        var lower = new LowercaseNormalizer().Normalize(NormalizedText.Identity("\u0130X \u03A3\u03A3 \u039F\u03A3", 0));
        Assert.Equal("i\u0307x \u03C3\u03C2 \u03BF\u03C2", lower.Text);
        Assert.Equal((0, 1), lower.OriginalSpan(0, 2));
        var bert = new BertNormalizer(true, true, null, true).Normalize(NormalizedText.Identity("Héllo\u0000\t中", 0));
        Assert.Equal("hello  中 ", bert.Text);
    }

    [Theory]
    [InlineData("Removed", false, "a|b|c")]
    [InlineData("Isolated", false, "a|-|b|-|-|c")]
    [InlineData("MergedWithPrevious", false, "a-|b-|-|c")]
    [InlineData("MergedWithNext", false, "a|-b|-|-c")]
    [InlineData("Contiguous", false, "a|-|b|--|c")]
    [InlineData("Removed", true, "-|-|-")]
    public void SplitBehavioursCutAsTheReferenceDoes(string behavior, bool invert, string expected)
    {
        var output = new List<NormalizedText>();
        var piece = NormalizedText.Identity("a-b--c", 0);
        var matches = new List<(int, int)>();
        new LiteralPatternMatcher("-").FindMatches(piece.Text, matches);
        PieceSplitter.Split(piece, matches, PieceSplitter.Parse(behavior, "test"), invert, output);
        Assert.Equal(expected, string.Join('|', output.Select(p => p.Text)));
    }

    private static readonly Gen<string> BmpText =
        Gen.ListOf(Gen.OneOf(
                Gen.Elements(" ", "  ", "\n", "\r\n", "\t", "'s", "'LL", "'t", "a", "Zz", "é", "12345", "٣", "½", "!!", "?", "中文", "\u3000", "\u00A0", " \n ", "x"),
                Gen.Choose(0x20, 0x2FFF).Select(c => ((char)c).ToString())))
            .Select(parts => string.Concat(parts));

    private static List<(int, int)> Matches(IPatternMatcher m, string text)
    {
        var list = new List<(int, int)>();
        m.FindMatches(text, list);
        return list;
    }

    [Theory]
    [InlineData(Gpt2SplitPattern.Pattern)]
    [InlineData(Llama3SplitPattern.ThreeDigitPattern)]
    [InlineData(Llama3SplitPattern.SingleDigitPattern)]
    public void HandWrittenSplitPatternsEqualTheRegexOnBmpText(string pattern)
    {
        var hand = SplitPatterns.ForRegex(pattern);
        Assert.IsNotType<RegexPatternMatcher>(hand);
        var regex = new RegexPatternMatcher(pattern);
        Prop.ForAll(BmpText.ToArbitrary(), text => Assert.Equal(Matches(regex, text), Matches(hand, text)))
            .Check(Config.QuickThrowOnFailure.WithMaxTest(300));
    }

    [Fact]
    public void HandWrittenPatternsTreatSupplementaryLettersAsLetters()
    {
        // U+20000 is a letter (Lo): one word with the preceding space, as Oniguruma and the reference see it.
        Assert.Equal([(0, 1), (1, 4)], Matches(Gpt2SplitPattern.Instance, "a \U00020000"));
    }

    [Theory]
    [InlineData("a++b", "(?>a+)b")]
    [InlineData("[abc]*+x", "(?>[abc]*)x")]
    [InlineData(@"\p{L}?+", @"(?>\p{L}?)")]
    [InlineData("(ab)++", "(?>(ab)+)")]
    [InlineData("a{2,3}+", "(?>a{2,3})")]
    [InlineData("a+?b*", "a+?b*")]
    public void PossessiveQuantifiersBecomeAtomicGroups(string oniguruma, string dotnet) =>
        Assert.Equal(dotnet, RegexPatternMatcher.RewritePossessive(oniguruma));

    [Fact]
    public void DecodersRewriteTokensAsTheReferenceDoes()
    {
        Assert.Equal(["€", "a"], new ByteFallbackDecoder().DecodeChain(["<0xE2>", "<0x82>", "<0xAC>", "a"]));
        Assert.Equal(["\uFFFD", "\uFFFD", "b"], new ByteFallbackDecoder().DecodeChain(["<0xE2>", "<0x82>", "b"]));
        Assert.Equal(["ab", "b", ""], new StripDecoder(' ', 1, 0).DecodeChain([" ab", "b", " "]));
        Assert.Equal(["hello", "ing", " world", "."], new WordPieceDecoder("##", true).DecodeChain(["hello", "##ing", "world", "."]));
        Assert.Equal(["Hi", " there"], new MetaspaceDecoder('\u2581', true).DecodeChain(["\u2581Hi", "\u2581there"]));
        Assert.Equal(["h€"], new ByteLevelDecoder().DecodeChain(["h", "âĤ¬"]));
    }

    [Fact]
    public void MetaspacePrependsPerScheme()
    {
        var piece = new List<NormalizedText> { NormalizedText.Identity("a b", 0) };
        string Run(PrependScheme scheme, int section) =>
            string.Join('|', new MetaspacePreTokenizer('\u2581', scheme, true).PreTokenize(piece, section).Select(p => p.Text));
        Assert.Equal("\u2581a|\u2581b", Run(PrependScheme.Always, 1));
        Assert.Equal("\u2581a|\u2581b", Run(PrependScheme.First, 0));
        Assert.Equal("a|\u2581b", Run(PrependScheme.First, 1));
        Assert.Equal("a|\u2581b", Run(PrependScheme.Never, 0));
    }

    private const string WordPieceJson = """
        {"model":{"type":"WordPiece","unk_token":"[UNK]","vocab":{"[UNK]":0,"hello":1,"world":2,"<m>":3,"hel":4,"##lo":5}},
         "pre_tokenizer":{"type":"WhitespaceSplit"},
         "added_tokens":[{"id":3,"content":"<m>","lstrip":true,"rstrip":true,"single_word":false,"normalized":false,"special":true}]}
        """;

    [Fact]
    public void AddedTokensStripWhiteSpaceOnTheirSides()
    {
        var t = Tokenizer.FromJson(WordPieceJson);
        var enc = t.Encode("hello  <m>  world");
        Assert.Equal([1, 3, 2], enc.Ids);
        Assert.Equal(new TokenSpan(5, 12), enc.Offsets[1]);
        Assert.Equal("hello world", t.Decode(enc.Ids, skipSpecialTokens: true));
        Assert.Equal([1, 3], t.Encode("hello<m>").Ids);
        Assert.Equal([1, 5], t.Encode("hellolo").Ids);
        Assert.Equal([0], t.Encode("helium").Ids);
    }

    [Fact]
    public void SingleWordAddedTokensOnlyMatchWholeWords()
    {
        var t = Tokenizer.FromJson(WordPieceJson.Replace("\"single_word\":false", "\"single_word\":true", StringComparison.Ordinal));
        Assert.Equal([1, 3], t.Encode("hello <m>").Ids);
        Assert.Equal([1, 0], t.Encode("hello x<m>").Ids);
    }
}

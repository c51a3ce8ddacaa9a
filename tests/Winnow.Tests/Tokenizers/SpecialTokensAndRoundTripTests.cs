using Winnow.Text.Unicode;
using Winnow.Tokenizers;
using Winnow.Tokenizers.Normalizers;
using Xunit.Abstractions;

namespace Winnow.Tests.Tokenizers;

/// <summary>add_special_tokens = false, decode(encode(x)) round trips, truncation and special-token accessors on the reference tokenizers.</summary>
public sealed class SpecialTokensAndRoundTripTests(ITestOutputHelper output)
{
    /// <summary>How many ids the post-processor puts before and after the text (from each tokenizer.json's template).</summary>
    private static (int Before, int After) AddedBy(string name) => name switch
    {
        "mistral-7b-v0.1" => (1, 0),
        "bert-minilm-uncased" or "xlmr-unigram-test" => (1, 1),
        _ => (0, 0),
    };

    [SharedTheory]
    [MemberData(nameof(TokenizerFixtures.NameData), MemberType = typeof(TokenizerFixtures))]
    public void WithoutSpecialTokensEveryLineIsTheReferenceMinusTheTemplateTokens(string name)
    {
        var tokenizer = TokenizerFixtures.Tokenizer(name);
        var (before, after) = AddedBy(name);
        Assert.Equal(before + after, tokenizer.SpecialTokensAdded);
        int passed = 0;
        var lines = TokenizerFixtures.Expected(name);
        foreach (var line in lines)
        {
            var with = tokenizer.Encode(line.Text);
            var without = tokenizer.Encode(line.Text, addSpecialTokens: false);
            int[] expected = line.Ids[before..^after];
            Assert.True(expected.AsSpan().SequenceEqual(without.Ids),
                $"{name} line {line.Line}: expected {string.Join(' ', expected)}, got {string.Join(' ', without.Ids)}");
            Assert.Equal(line.Tokens[before..^after], without.Tokens);
            Assert.All(without.SpecialTokensMask, Assert.False);
            Assert.Equal(before + after, with.SpecialTokensMask.Count(m => m));
            passed++;
        }
        output.WriteLine($"{name}: {passed}/{lines.Length} lines identical without special tokens");
    }

    [SharedFact]
    public void WithoutSpecialTokensHandCheckedCases()
    {
        Assert.Equal([22557], TokenizerFixtures.Tokenizer("mistral-7b-v0.1").Encode("Hello", false).Ids);
        Assert.Equal([1, 22557], TokenizerFixtures.Tokenizer("mistral-7b-v0.1").Encode("Hello").Ids);
        Assert.Equal(["hello", ",", "world", "!"], TokenizerFixtures.Tokenizer("bert-minilm-uncased").Encode("Hello, World!", false).Tokens);
        Assert.Equal([7592, 1010, 2088, 999], TokenizerFixtures.Tokenizer("bert-minilm-uncased").Encode("Hello, World!", false).Ids);
        Assert.Equal(["▁He", "ll", "o"], TokenizerFixtures.Tokenizer("xlmr-unigram-test").Encode("Hello", false).Tokens);
        Assert.Equal(["Hello", "Ġworld"], TokenizerFixtures.Tokenizer("gpt2").Encode("Hello world", false).Tokens);
        Assert.Equal([15496, 995], TokenizerFixtures.Tokenizer("gpt2").Encode("Hello world", false).Ids);
    }

    [SharedTheory]
    [InlineData("gpt2")]
    [InlineData("llama3")]
    [InlineData("qwen3")]
    [InlineData("mistral-7b-v0.1")]
    [InlineData("xlmr-unigram-test")]
    public void DecodeOfEncodeGivesTheTextBackWhereTheReferenceRoundTrips(string name)
    {
        var tokenizer = TokenizerFixtures.Tokenizer(name);
        int checkedLines = 0;
        var lines = TokenizerFixtures.Expected(name);
        foreach (var line in lines)
        {
            var enc = tokenizer.Encode(line.Text, addSpecialTokens: false);
            if (!RoundTrips(name, tokenizer, line.Text, enc)) continue;
            Assert.Equal(line.Text, tokenizer.Decode(enc.Ids));
            if (!tokenizer.AddedTokens.Any(t => line.Text.Contains(t.Content, StringComparison.Ordinal)))
                Assert.Equal(line.Text, tokenizer.Decode(tokenizer.Encode(line.Text).Ids, skipSpecialTokens: true));
            checkedLines++;
        }
        output.WriteLine($"{name}: decode(encode(x)) == x on {checkedLines}/{lines.Length} lines (the others are not expected to round-trip)");
        // XLM-R's test vocabulary has only 1000 pieces, so most lines contain unknown characters.
        int required = name switch { "gpt2" or "llama3" => lines.Length, "xlmr-unigram-test" => 300, _ => lines.Length / 2 };
        Assert.True(checkedLines >= required,
            $"{name}: only {checkedLines} lines were eligible for the round trip check");
    }

    /// <summary>
    /// Where the reference itself round-trips: byte-level BPE always (Qwen3: text already in NFC); Mistral unless an
    /// added token splits the text (each section gets its own "▁"); XLM-R when nothing is normalized away (its
    /// normalizer maps control/space characters, applies NFKC and collapses runs of spaces; its decoder drops the
    /// leading space) and no character is unknown.
    /// </summary>
    private static bool RoundTrips(string name, Tokenizer tokenizer, string text, Encoding enc)
    {
        bool hasAdded = tokenizer.AddedTokens.Any(t => text.Contains(t.Content, StringComparison.Ordinal));
        return name switch
        {
            "gpt2" or "llama3" => true,
            "qwen3" => UnicodeNormalizer.Normalize(text, UnicodeForm.Nfc, UnicodeTables.Ucd14) == text,
            "mistral-7b-v0.1" => !hasAdded,
            "xlmr-unigram-test" => !hasAdded && !enc.Ids.Contains(tokenizer.UnkTokenId!.Value) && !text.StartsWith(' ')
                && !text.Contains("  ", StringComparison.Ordinal) && !text.EndsWith(' ')
                && new PrecompiledNormalizer().Normalize(NormalizedText.Identity(text, 0)).Text == text,
            _ => false,
        };
    }

    [SharedFact]
    public void BertDecodeJoinsWordPiecesAndCleansUpPunctuation()
    {
        var bert = TokenizerFixtures.Tokenizer("bert-minilm-uncased");
        Assert.Equal("hello, world! tokenization", bert.Decode(bert.Encode("Hello, World! Tokenization").Ids, skipSpecialTokens: true));
        Assert.Equal("[CLS] hello [SEP]", bert.Decode(bert.Encode("hello").Ids));
    }

    [SharedTheory]
    [MemberData(nameof(TokenizerFixtures.NameData), MemberType = typeof(TokenizerFixtures))]
    public void TruncationKeepsTheFirstIdsAndTheTemplate(string name)
    {
        var tokenizer = TokenizerFixtures.Tokenizer(name);
        var (before, after) = AddedBy(name);
        string text = TokenizerFixtures.Expected(name).First(l => l.Ids.Length > 40).Text;
        var full = tokenizer.Encode(text, addSpecialTokens: false).Ids;
        foreach (int n in new[] { before + after, before + after + 1, 17, 40 })
        {
            var cut = tokenizer.Encode(text, addSpecialTokens: true, maxLength: n);
            Assert.Equal(n, cut.Count);
            Assert.Equal(full[..(n - before - after)], cut.Ids[before..^after]);
            Assert.Equal(full.Length + before + after, tokenizer.CountTokens(text));
        }
        Assert.Equal(full[..5], tokenizer.Encode(text, addSpecialTokens: false, maxLength: 5).Ids);
        if (before + after > 0)
            Assert.Throws<ArgumentOutOfRangeException>(() => tokenizer.Encode(text, true, before + after - 1));
    }

    [SharedFact]
    public void SpecialTokenAccessorsComeFromTheConfigFiles()
    {
        var gpt2 = TokenizerFixtures.Tokenizer("gpt2");
        Assert.Equal((50256, 50256, 50256), (gpt2.BosTokenId, gpt2.EosTokenId, gpt2.PadTokenId));
        Assert.Equal(50257, gpt2.VocabSize);
        var mistral = TokenizerFixtures.Tokenizer("mistral-7b-v0.1");
        Assert.Equal((1, 2, 0), (mistral.BosTokenId, mistral.EosTokenId, mistral.UnkTokenId));
        Assert.Null(mistral.PadTokenId);
        Assert.Equal(32000, mistral.VocabSize);
        var bert = TokenizerFixtures.Tokenizer("bert-minilm-uncased");
        Assert.Equal((0, 100), (bert.PadTokenId, bert.UnkTokenId));
        Assert.Equal(30522, bert.VocabSize);
        var xlmr = TokenizerFixtures.Tokenizer("xlmr-unigram-test");
        Assert.Equal((0, 2, 1, 3), (xlmr.BosTokenId, xlmr.EosTokenId, xlmr.PadTokenId, xlmr.UnkTokenId));
        var qwen = TokenizerFixtures.Tokenizer("qwen3");
        Assert.Equal((151645, 151643), (qwen.EosTokenId, qwen.PadTokenId));
        Assert.Null(qwen.BosTokenId);
        Assert.Equal(151669, qwen.VocabSize);
        var llama3 = TokenizerFixtures.Tokenizer("llama3");
        Assert.Equal((128000, 128001), (llama3.BosTokenId, llama3.EosTokenId));
        Assert.Equal(128256, llama3.VocabSize);
        Assert.Equal("<|begin_of_text|>", llama3.IdToToken(128000));
        Assert.Equal(128000, llama3.TokenToId("<|begin_of_text|>"));
        Assert.Null(llama3.TokenToId("no such token"));
        Assert.Null(llama3.IdToToken(-1));
    }

    [SharedFact]
    public void DeitaDigitTokensAreSingleIds()
    {
        // Deita reads the logits of "1".."6": each must be one token id.
        foreach (string name in new[] { "mistral-7b-v0.1", "llama3", "qwen3", "gpt2" })
        {
            var tokenizer = TokenizerFixtures.Tokenizer(name);
            for (int d = 1; d <= 6; d++)
                Assert.Single(tokenizer.Encode(d.ToString(System.Globalization.CultureInfo.InvariantCulture), false).Ids,
                    id => tokenizer.IdToToken(id) != "▁");
        }
    }
}

using System.Text;
using FsCheck;
using FsCheck.Fluent;
using Winnow.Text.Unicode;
using Winnow.Tokenizers;
using Winnow.Tokenizers.Normalizers;

namespace Winnow.Tests.Tokenizers;

/// <summary>Offsets into the original text, and random-input robustness of every reference tokenizer.</summary>
public sealed class OffsetAndFuzzTests
{
    [SharedFact]
    public void OffsetsPointIntoTheOriginalText()
    {
        var gpt2 = TokenizerFixtures.Tokenizer("gpt2").Encode("Hello world");
        Assert.Equal([new TokenSpan(0, 5), new TokenSpan(5, 11)], gpt2.Offsets);

        var bert = TokenizerFixtures.Tokenizer("bert-minilm-uncased").Encode("Hello, World!");
        Assert.Equal([new TokenSpan(0, 0), new(0, 5), new(5, 6), new(7, 12), new(12, 13), new(0, 0)], bert.Offsets);
        Assert.Equal([true, false, false, false, false, true], bert.SpecialTokensMask);

        var mistral = TokenizerFixtures.Tokenizer("mistral-7b-v0.1").Encode("Hello world");
        Assert.Equal([new TokenSpan(0, 0), new(0, 5), new(5, 11)], mistral.Offsets);

        // NFD input through Qwen3's NFC normalizer: the composed 'é' maps back to both original units.
        var qwen = TokenizerFixtures.Tokenizer("qwen3").Encode("cafe\u0301");
        Assert.Equal(0, qwen.Offsets[0].Start);
        Assert.Equal(5, qwen.Offsets[^1].End);

        // Added tokens keep their own span.
        string text = "Hi<|im_start|>there";
        var im = TokenizerFixtures.Tokenizer("qwen3").Encode(text);
        int at = Array.IndexOf(im.Tokens, "<|im_start|>");
        Assert.Equal(new TokenSpan(2, 14), im.Offsets[at]);
    }

    [SharedFact]
    public void ResponseStartCanBeFoundFromOffsets()
    {
        // What IFD needs: the first token of the answer in the whole text.
        const string prompt = "Below is an instruction.\n### Response:";
        const string whole = prompt + "The answer is 42.";
        foreach (string name in TokenizerFixtures.Names)
        {
            var enc = TokenizerFixtures.Tokenizer(name).Encode(whole);
            int first = Array.FindIndex(enc.Offsets, (o) => o.End > prompt.Length);
            Assert.True(first > 0, name);
            Assert.True(enc.Offsets[first].Start <= prompt.Length, name);
        }
    }

    private static readonly string[] Pieces =
    [
        "a", "Hello", " world", "  ", "\t", "\n", "\r\n", "      ", "中文", "日本語", "한국어", "😀", "👨‍👩‍👧", "🇫🇷", "👍🏽",
        "e\u0301", "\u0301", "ﬁ", "Å", "İ", "Σ", "ς", "\u0000", "\u0007", "\u001B", "\u200B", "\uFEFF", "\u00A0", "\u3000",
        "123", "4567890", "'s", "'LL", "<s>", "</s>", "[CLS]", "<|endoftext|>", "<|im_start|>", "<mask>", "<unk>", "▁", "Ġ",
        "𠀀", "𝐀", "\U0001F600", "ß", "Ω", "Привет", "مرحبا", "שלום", "नमस्ते", "สวัสดี", "~", "～", "…", "—", "!", "?!", "##",
    ];

    private static Gen<string> TextGen(bool loneSurrogates) =>
        Gen.Sized(size =>
            Gen.ListOf(Gen.OneOf(
                    Gen.Elements(Pieces),
                    Gen.Choose(0x20, 0x2FFF).Select(c => ((char)c).ToString()),
                    Gen.Choose(0x10000, 0x10FFFF).Select(char.ConvertFromUtf32),
                    loneSurrogates ? Gen.Choose(0xD800, 0xDFFF).Select(c => ((char)c).ToString()) : Gen.Constant("x")))
                .Select(parts => string.Concat(parts.Take(size * 2))));

    private static void CheckInvariants(Tokenizer tokenizer, string text, bool checkCount = true)
    {
        var enc = tokenizer.Encode(text);
        Assert.Equal(enc.Ids.Length, enc.Tokens.Length);
        Assert.Equal(enc.Ids.Length, enc.Offsets.Length);
        int lastStart = 0;
        for (int i = 0; i < enc.Count; i++)
        {
            Assert.InRange(enc.Ids[i], 0, tokenizer.VocabSize - 1);
            if (enc.SpecialTokensMask[i]) continue;
            var o = enc.Offsets[i];
            Assert.True(o.Start >= lastStart && o.Start <= o.End && o.End <= text.Length,
                $"token {i} '{enc.Tokens[i]}' span {o} after start {lastStart} in a text of {text.Length}");
            lastStart = o.Start;
        }
        if (checkCount) Assert.Equal(enc.Count, tokenizer.CountTokens(text));
    }

    [SharedTheory]
    [MemberData(nameof(TokenizerFixtures.NameData), MemberType = typeof(TokenizerFixtures))]
    public void RandomUnicodeNeverThrowsAndOffsetsAreMonotonic(string name)
    {
        var tokenizer = TokenizerFixtures.Tokenizer(name);
        Prop.ForAll(TextGen(loneSurrogates: true).ToArbitrary(), text => CheckInvariants(tokenizer, text))
            .Check(Config.QuickThrowOnFailure.WithMaxTest(150).WithEndSize(60));
    }

    [SharedTheory]
    [InlineData("gpt2")]
    [InlineData("llama3")]
    [InlineData("qwen3")]
    public void ByteLevelTokenizersRoundTripRandomValidUnicode(string name)
    {
        var tokenizer = TokenizerFixtures.Tokenizer(name);
        Prop.ForAll(TextGen(loneSurrogates: false).ToArbitrary(), text =>
            {
                string expected = name == "qwen3" ? UnicodeNormalizer.Normalize(text, UnicodeForm.Nfc, UnicodeTables.Ucd14) : text;
                Assert.Equal(expected, tokenizer.Decode(tokenizer.Encode(text, false).Ids));
            })
            .Check(Config.QuickThrowOnFailure.WithMaxTest(150).WithEndSize(60));
    }

    [SharedTheory]
    [MemberData(nameof(TokenizerFixtures.NameData), MemberType = typeof(TokenizerFixtures))]
    public void LongWhitespaceRunsAreLinear(string name)
    {
        var tokenizer = TokenizerFixtures.Tokenizer(name);
        foreach (string run in new[] { " ", "\t", "\n", " \n", "\u3000" })
        {
            string text = "a" + string.Concat(Enumerable.Repeat(run, 50_000 / run.Length)) + "b";
            CheckInvariants(tokenizer, text, checkCount: false);
        }
    }

    [SharedFact]
    public void TenMegabyteTextEncodes()
    {
        var rng = new Random(7);
        var sb = new StringBuilder(10_000_000);
        while (sb.Length < 10_000_000)
        {
            sb.Append(Pieces[rng.Next(Pieces.Length)]);
            if (rng.Next(4) == 0) sb.Append(' ', rng.Next(1, 40));
        }
        string text = sb.ToString();
        var enc = TokenizerFixtures.Tokenizer("gpt2").Encode(text);
        Assert.True(enc.Count > 1_000_000, $"{enc.Count} tokens for 10 MB");
        Assert.Equal(text.Length, enc.Offsets[^1].End);
    }
}

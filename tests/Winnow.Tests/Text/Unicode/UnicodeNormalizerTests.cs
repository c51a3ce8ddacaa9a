using System.IO.Compression;
using System.Text;
using System.Text.Json;
using Winnow.Text.Unicode;

namespace Winnow.Tests.Text.Unicode;

/// <summary>
/// The normaliser on UCD 14.0 data against Python's unicodedata (tools/unicode-reference/make_ucd14_fixture.py), for
/// every code point and all four forms, plus hand-made sequences for ordering, composition and Hangul.
/// </summary>
public class UnicodeNormalizerTests
{
    private static readonly Lazy<JsonElement> Fixture = new(() =>
    {
        using var gzip = new GZipStream(File.OpenRead(Path.Combine(TestPaths.RepoRoot, "tests", "Winnow.Tests", "Text", "Unicode",
            "Fixtures", "ucd14-normalization.json.gz")), CompressionMode.Decompress);
        return JsonDocument.Parse(gzip).RootElement.Clone();
    });

    [Theory]
    [InlineData("Nfc")]
    [InlineData("Nfd")]
    [InlineData("Nfkc")]
    [InlineData("Nfkd")]
    public void EveryCodePointNormalisesAsUcd14Does(string formName)
    {
        var form = Enum.Parse<UnicodeForm>(formName);
        Assert.Equal("14.0.0", Fixture.Value.GetProperty("unicode").GetString());
        var changed = Fixture.Value.GetProperty("forms").GetProperty(form.ToString().ToUpperInvariant()).EnumerateArray()
            .ToDictionary(e => e[0].GetInt32(), e => string.Concat(e[1].EnumerateArray().Select(c => char.ConvertFromUtf32(c.GetInt32()))));
        Assert.True(changed.Count > 1000);
        var mismatches = new List<string>();
        for (var c = 0; c < 0x110000; c++)
        {
            if (c is >= 0xD800 and < 0xE000 or >= UnicodeTables.HangulSBase and < UnicodeTables.HangulSBase + UnicodeTables.HangulSCount)
                continue;
            var text = char.ConvertFromUtf32(c);
            var actual = UnicodeNormalizer.Normalize(text, form, UnicodeTables.Ucd14);
            if (actual != changed.GetValueOrDefault(c, text))
                mismatches.Add($"U+{c:X4}");
        }
        Assert.True(mismatches.Count == 0, $"{mismatches.Count} code points differ under {form}: " + string.Join(" ", mismatches.Take(10)));
    }

    [Theory]
    [InlineData("e\u0301", "Nfc", "\u00E9")]
    [InlineData("\u00E9", "Nfd", "e\u0301")]
    [InlineData("\uFB01", "Nfkc", "fi")]
    [InlineData("\uFB01", "Nfc", "\uFB01")]
    [InlineData("\u1100\u1161\u11A8", "Nfc", "\uAC01")]
    [InlineData("\uAC01", "Nfd", "\u1100\u1161\u11A8")]
    [InlineData("\uAC00\u11A8", "Nfc", "\uAC01")]
    [InlineData("a\u0301\u0323", "Nfc", "\u1EA1\u0301")]
    [InlineData("\u0301a", "Nfc", "\u0301a")]
    [InlineData("\u212B", "Nfc", "\u00C5")]
    [InlineData("\u00BD", "Nfkd", "1\u20442")]
    [InlineData("\U0001D400", "Nfkc", "A")]
    [InlineData("ascii only", "Nfkd", "ascii only")]
    public void HandMadeSequences(string input, string form, string expected) =>
        Assert.Equal(expected, UnicodeNormalizer.Normalize(input, Enum.Parse<UnicodeForm>(form), UnicodeTables.Ucd14));

    [Fact]
    public void LoneSurrogatesPassThroughUnchanged() =>
        Assert.Equal("\uDC00\u00E9\uD800", UnicodeNormalizer.Normalize("\uDC00e\u0301\uD800", UnicodeForm.Nfc, UnicodeTables.Ucd14));

    [Fact]
    public void TheTwoUnicodeVersionsDifferWhereTheStandardChanged()
    {
        // U+1E030 MODIFIER LETTER CYRILLIC SMALL A arrived in Unicode 15.0 with a <super> decomposition to U+0430:
        // unassigned (so unchanged) in UCD 14.0, folded by the ICU of Unicode 17.0.
        const string text = "\U0001E030";
        Assert.Equal(text, UnicodeNormalizer.Normalize(text, UnicodeForm.Nfkc, UnicodeTables.Ucd14));
        Assert.Equal("\u0430", UnicodeNormalizer.Normalize(text, UnicodeForm.Nfkc, UnicodeTables.NodeIcu));
    }

    [Fact]
    public void StabilityTestLooksOnlyAtCharactersThatCanChange()
    {
        Assert.True(UnicodeNormalizer.IsTriviallyStable("plain\ttext 123", UnicodeForm.Nfkc));
        Assert.True(UnicodeNormalizer.IsTriviallyStable("\u00A0", UnicodeForm.Nfc));
        Assert.False(UnicodeNormalizer.IsTriviallyStable("\u00A0", UnicodeForm.Nfkc));
        Assert.False(UnicodeNormalizer.IsTriviallyStable(Encoding.UTF8.GetString("caf\u00e9"u8), UnicodeForm.Nfd));
    }
}

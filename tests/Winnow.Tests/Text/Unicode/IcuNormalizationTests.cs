using System.Text.Json;
using Winnow.Tests.Embedding.UseLite;
using Winnow.Text.Unicode;

namespace Winnow.Tests.Text.Unicode;

/// <summary>NFKC on Node's ICU tables against ICU itself (Node's String.prototype.normalize), from tools/use-lite-reference/make-nfkc-fixture.js.</summary>
public class IcuNormalizationTests
{
    private static readonly Lazy<JsonElement> Fixture = new(() =>
        JsonDocument.Parse(File.ReadAllBytes(UseLiteTestModel.FixturePath("nfkc-reference.json"))).RootElement);

    [Fact]
    public void EveryCodePointNormalisesAsIcuDoes()
    {
        var changed = Fixture.Value.GetProperty("changedCodePoints").EnumerateArray()
            .ToDictionary(e => e[0].GetInt32(), e => e[1].GetString()!);
        var mismatches = new List<string>();
        for (var c = 0; c < 0x110000; c++)
        {
            if (c is >= 0xD800 and < 0xE000)
                continue;
            var text = char.ConvertFromUtf32(c);
            var expected = changed.GetValueOrDefault(c, text);
            var actual = Nfkc(text);
            if (actual != expected)
                mismatches.Add($"U+{c:X4}: expected {Hex(expected)}, got {Hex(actual)}");
        }
        Assert.True(mismatches.Count == 0, $"{mismatches.Count} code points differ:\n" + string.Join("\n", mismatches.Take(10)));
    }

    [Fact]
    public void MixedStringsNormaliseAsIcuDoes()
    {
        var mismatches = Fixture.Value.GetProperty("samples").EnumerateArray()
            .Select(e => (Input: e[0].GetString()!, Expected: e[1].GetString()!))
            .Where(s => Nfkc(s.Input) != s.Expected)
            .Select(s => $"{Hex(s.Input)}: expected {Hex(s.Expected)}, got {Hex(Nfkc(s.Input))}")
            .ToList();
        Assert.True(mismatches.Count == 0, $"{mismatches.Count} samples differ:\n" + string.Join("\n", mismatches.Take(10)));
    }

    [Theory]
    [InlineData("plain ASCII stays", "plain ASCII stays")]
    [InlineData("ﬁ", "fi")]
    [InlineData("e\u0301", "\u00e9")]
    [InlineData("\u1100\u1161\u11a8", "\uac01")]
    [InlineData("a\u0323\u0307", "\u1ea1\u0307")]
    [InlineData("", "")]
    public void KnownCases(string input, string expected) => Assert.Equal(expected, Nfkc(input));

    [Fact]
    public void CanonicalFormsAreRefusedForCompatibilityOnlyData() =>
        Assert.Throws<ArgumentException>(() => UnicodeNormalizer.Normalize("e\u0301", UnicodeForm.Nfc, UnicodeTables.NodeIcu));

    [Fact]
    public void LoneSurrogatesPassThroughAsInJavaScript() => Assert.Equal("\ud800\u00e9", Nfkc("\ud800e\u0301"));

    private static string Nfkc(string text) => UnicodeNormalizer.Normalize(text, UnicodeForm.Nfkc, UnicodeTables.NodeIcu);

    private static string Hex(string s) => string.Join(" ", CodePoints.Of(s).Select(c => c.ToString("X4")));
}

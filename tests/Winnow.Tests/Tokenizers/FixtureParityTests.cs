using System.Text;
using Winnow.Tokenizers;
using Xunit.Abstractions;

namespace Winnow.Tests.Tokenizers;

/// <summary>Byte-for-byte parity with the reference encodings in ../shared/fixtures/tokenizers.</summary>
public sealed class FixtureParityTests(ITestOutputHelper output)
{
    [SharedTheory]
    [MemberData(nameof(TokenizerFixtures.NameData), MemberType = typeof(TokenizerFixtures))]
    public void EveryFixtureLineHasTheReferenceIdsAndTokens(string name)
    {
        var tokenizer = TokenizerFixtures.Tokenizer(name);
        var lines = TokenizerFixtures.Expected(name);
        var failures = new StringBuilder();
        int passed = 0;
        foreach (var line in lines)
        {
            var enc = tokenizer.Encode(line.Text);
            if (enc.Ids.AsSpan().SequenceEqual(line.Ids) && enc.Tokens.SequenceEqual(line.Tokens)) { passed++; continue; }
            if (failures.Length < 4000)
                failures.AppendLine($"line {line.Line} text {Show(line.Text)}\n  expected {string.Join(' ', line.Ids)} | {string.Join('|', line.Tokens)}\n  actual   {string.Join(' ', enc.Ids)} | {string.Join('|', enc.Tokens)}");
        }
        output.WriteLine($"{name}: {passed}/{lines.Length} lines identical (ids and token strings)");
        Assert.True(lines.Length > 1000, $"{name}: expected the 1500 fixture lines, read {lines.Length}");
        Assert.True(passed == lines.Length, $"{name}: {lines.Length - passed} of {lines.Length} lines differ\n{failures}");
    }

    internal static string Show(string s) => s.Length > 200 ? System.Text.Json.JsonSerializer.Serialize(s[..200]) + "…" : System.Text.Json.JsonSerializer.Serialize(s);
}

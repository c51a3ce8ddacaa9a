using System.Security.Cryptography;
using System.Text;
using Winnow.Data;

namespace Winnow.Tests.Data;

/// <summary>
/// <see cref="Sample.Hash"/> (<see cref="ContentDigest"/>) against the formula it replaced: the whole content joined
/// into one string, encoded as UTF-8 at once and hashed with the one-shot SHA-256, first 8 bytes as hex.
/// </summary>
public class ContentDigestTests
{
    private static string Reference(IReadOnlyList<Turn> turns, string instruction, string input, string response)
    {
        var builder = new StringBuilder();
        builder.Append("I\0").Append(instruction).Append("\0N\0").Append(input).Append("\0R\0").Append(response).Append('\0');
        foreach (var turn in turns)
            builder.Append((int)turn.Role).Append('\0').Append(turn.Text).Append('\0');
        Span<byte> digest = stackalloc byte[32];
        SHA256.HashData(Encoding.UTF8.GetBytes(builder.ToString()), digest);
        return Convert.ToHexStringLower(digest[..8]);
    }

    private static void AssertAsReference(long index, IReadOnlyList<Turn> turns, string instruction, string input, string response)
    {
        var sample = new Sample(index, turns, instruction, input, response);
        var expected = Reference(turns, instruction, input, response);
        Assert.Equal(expected, sample.ContentHash);
        Assert.Equal(Convert.ToUInt64(expected, 16), sample.Hash);
        Assert.Equal($"{index}-{expected}", sample.Id);
    }

    [Fact]
    public void A_known_row_keeps_its_published_hash()
    {
        // Pinned: ids in score files written by earlier versions must still match.
        var sample = new Sample(3, [new Turn(Role.User, "Say hi"), new Turn(Role.Assistant, "Hi")], "Say hi", "", "Hi");

        Assert.Equal("33bddadcc2c5b430", sample.ContentHash);
        Assert.Equal(0x33bddadcc2c5b430UL, sample.Hash);
        Assert.Equal("3-33bddadcc2c5b430", sample.Id);
    }

    [Fact]
    public void Empty_fields_and_no_turns_hash_as_the_reference()
    {
        AssertAsReference(0, [], "", "", "");
        AssertAsReference(1, [new Turn(Role.System, "")], "", "", "");
        AssertAsReference(long.MaxValue, [new Turn(Role.User, "a"), new Turn(Role.Assistant, "")], "a", "", "");
    }

    [Theory]
    [InlineData("café naïve ßtraße")]
    [InlineData("数据选择 — 指令微调")]
    [InlineData("emoji 😀👍🏽 and flags 🇫🇷")]
    [InlineData("lone high \ud83d here")]
    [InlineData("lone low \ude00 here")]
    [InlineData("\ud83d")]
    [InlineData("\ude00\ud83d")]
    [InlineData("ends with a high surrogate \ud83d")]
    [InlineData("\ude00 starts with a low surrogate")]
    [InlineData("nul \0 inside and \uffff \ufffd")]
    public void Non_ascii_and_lone_surrogates_hash_as_the_reference(string text)
    {
        AssertAsReference(7, [new Turn(Role.User, text), new Turn(Role.Assistant, text)], text, text, text);
        // A high surrogate ending one field and a low one opening the next are two lone surrogates, as in the joined string.
        AssertAsReference(8, [new Turn(Role.User, "x\ud83d"), new Turn(Role.Assistant, "\ude00y")], "a\ud83d", "\ude00b\ud83d", "\ude00");
    }

    [Fact]
    public void Multi_turn_rows_with_a_system_turn_hash_as_the_reference()
    {
        Turn[] turns =
        [
            new(Role.System, "You are terse."),
            new(Role.User, "first question"),
            new(Role.Assistant, "first answer"),
            new(Role.User, "second — question ✓"),
            new(Role.Assistant, "second answer"),
        ];
        AssertAsReference(12, turns, "first question", "", "first answer");
    }

    [Fact]
    public void Long_rows_hash_as_the_reference_wherever_the_buffer_fills()
    {
        // Texts longer than the per-thread buffer, with 1- to 4-byte characters and surrogate pairs at every
        // alignment, so the buffer fills inside each kind of character.
        string[] units = ["a", "é", "中", "😀", "\ud83d", "\ude00"];
        for (var shift = 0; shift < 8; shift++)
        {
            foreach (var unit in units)
            {
                var text = new string('x', 16 * 1024 - 3 - shift) + string.Concat(Enumerable.Repeat(unit, 40_000));
                AssertAsReference(shift, [new Turn(Role.User, text), new Turn(Role.Assistant, unit + text)], text, unit, text + unit);
            }
        }
    }

    [Fact]
    public void Random_rows_hash_as_the_reference()
    {
        var random = new Random(20240611);
        string[] pieces = ["a", "Z", " ", "\n", "\0", "é", "ß", "中", "😀", "👍🏽", "\ud83d", "\ude00", "\"", "\\", "\ufffd"];
        string Text() => string.Concat(Enumerable.Range(0, random.Next(random.Next(4) == 0 ? 20_000 : 60)).Select(_ => pieces[random.Next(pieces.Length)]));
        for (var row = 0; row < 300; row++)
        {
            var turns = Enumerable.Range(0, random.Next(6)).Select(_ => new Turn((Role)random.Next(3), Text())).ToArray();
            AssertAsReference(row, turns, Text(), Text(), Text());
        }
    }

    [Fact]
    public void Rows_hashed_on_many_threads_at_once_hash_as_the_reference()
    {
        var texts = Enumerable.Range(0, 2000).Select(i => $"row {i} ✓ " + new string('y', i * 13 % 20_000)).ToArray();
        var hashes = new ulong[texts.Length];

        Parallel.For(0, texts.Length, i => hashes[i] = new Sample(i, [new Turn(Role.User, texts[i])], texts[i], "", "r").Hash);

        for (var i = 0; i < texts.Length; i++)
            Assert.Equal(Convert.ToUInt64(Reference([new Turn(Role.User, texts[i])], texts[i], "", "r"), 16), hashes[i]);
    }
}

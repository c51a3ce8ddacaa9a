using System.Buffers.Binary;
using System.Security.Cryptography;
using System.Text;
using Winnow.Text;

namespace Winnow.Tests.Text;

public class Sha1Hash32Tests
{
    private static uint System32(ReadOnlySpan<byte> message) => BinaryPrimitives.ReadUInt32LittleEndian(SHA1.HashData(message));

    private static byte[] RandomBytes(Random random, int length)
    {
        var bytes = new byte[length];
        random.NextBytes(bytes);
        return bytes;
    }

    /// <summary>Every length from 0 to 300 bytes (one, two and several blocks; 55/56 and 64 are where padding spills), 20 random messages each.</summary>
    [Fact]
    public void ManagedSha1MatchesTheSystemSha1AtEveryLength()
    {
        var random = new Random(3);
        for (var length = 0; length <= 300; length++)
        {
            for (var k = 0; k < 20; k++)
            {
                var message = RandomBytes(random, length);
                Assert.Equal(System32(message), Sha1Hash32.Of(message));
            }
        }
        Assert.Equal(System32(new byte[100_000]), Sha1Hash32.Of(new byte[100_000]));
    }

    [Fact]
    public void ManagedSha1MatchesTheSystemSha1OnUnicodeText()
    {
        foreach (var text in new[] { "", "hello world", "café crème", "İstanbul ıi", "日本語 テキスト", "😀 🇫🇷", "\u00A0\u2028", new string('é', 40), "x\uD800y" })
        {
            var bytes = Encoding.UTF8.GetBytes(text);
            Assert.Equal(System32(bytes), Sha1Hash32.Of(bytes));
        }
    }

    /// <summary>Both lane widths, full and partly filled batches, messages of every one-block length 0..55, random and all-0xFF bytes.</summary>
    [Theory]
    [InlineData(16)]
    [InlineData(8)]
    public void LanesMatchTheSystemSha1(int width)
    {
        var random = new Random(width);
        var words = new uint[16 * width];
        var hashes = new uint[width];
        var messages = new List<byte[]>();
        for (var length = 0; length <= Sha1Lanes.MaxMessageBytes; length++)
        {
            messages.Add(RandomBytes(random, length));
            messages.Add(Enumerable.Repeat((byte)0xFF, length).ToArray());
            messages.Add(RandomBytes(random, random.Next(length + 1)));
        }
        foreach (var batch in messages.Chunk(width).Concat(messages.Chunk(width - 3)))
        {
            for (var lane = 0; lane < batch.Length; lane++)
                Sha1Lanes.Stage(batch[lane], words, lane, width);
            Sha1Lanes.Hash(words, width, hashes);
            for (var lane = 0; lane < batch.Length; lane++)
                Assert.Equal(System32(batch[lane]), hashes[lane]);
        }
    }
}

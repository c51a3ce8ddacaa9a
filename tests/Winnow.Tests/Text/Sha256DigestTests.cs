using System.Buffers.Binary;
using System.Security.Cryptography;
using System.Text;
using Winnow.Text;

namespace Winnow.Tests.Text;

public class Sha256DigestTests
{
    private static byte[] Managed(ReadOnlySpan<byte> message)
    {
        Span<uint> words = stackalloc uint[8];
        Sha256Digest.Of(message, words);
        var digest = new byte[32];
        for (var i = 0; i < 8; i++)
            BinaryPrimitives.WriteUInt32BigEndian(digest.AsSpan(4 * i, 4), words[i]);
        return digest;
    }

    [Fact]
    public void The_standard_test_vectors_give_their_published_digests()
    {
        Assert.Equal("ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad", Convert.ToHexStringLower(Managed("abc"u8)));
        Assert.Equal("e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855", Convert.ToHexStringLower(Managed([])));
        Assert.Equal("248d6a61d20638b8e5c026930c3e6039a33ce45964ff2167f6ecedd419db06c1",
            Convert.ToHexStringLower(Managed("abcdbcdecdefdefgefghfghighijhijkijkljklmklmnlmnomnopnopq"u8)));
    }

    /// <summary>Every length from 0 to 300 bytes (one, two and several blocks; 55/56 and 64 are where padding spills), 20 random messages each.</summary>
    [Fact]
    public void Managed_sha256_matches_the_system_sha256_at_every_length()
    {
        var random = new Random(7);
        for (var length = 0; length <= 300; length++)
        {
            for (var k = 0; k < 20; k++)
            {
                var message = new byte[length];
                random.NextBytes(message);
                Assert.Equal(SHA256.HashData(message), Managed(message));
            }
        }
        Assert.Equal(SHA256.HashData(new byte[100_000]), Managed(new byte[100_000]));
    }

    [Fact]
    public void Managed_sha256_matches_the_system_sha256_on_unicode_text()
    {
        foreach (var text in new[] { "", "hello world", "café crème", "İstanbul ıi", "日本語 テキスト", "😀 🇫🇷", "\u00A0\u2028", new string('é', 200) })
        {
            var bytes = Encoding.UTF8.GetBytes(text);
            Assert.Equal(SHA256.HashData(bytes), Managed(bytes));
        }
    }

    [Fact]
    public void A_digest_needs_eight_words() =>
        Assert.Throws<ArgumentException>(() => Sha256Digest.Of("abc"u8, new uint[7]));
}

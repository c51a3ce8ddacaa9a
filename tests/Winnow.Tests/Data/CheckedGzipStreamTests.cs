using System.IO.Compression;
using System.Text;
using Winnow.Data;

namespace Winnow.Tests.Data;

public sealed class CheckedGzipStreamTests
{
    /// <summary>About 1.3 MB of varied text: many inflater reads and several window refills.</summary>
    private static readonly byte[] Text = Encoding.UTF8.GetBytes(string.Concat(Enumerable.Range(0, 40_000).Select(i => $"row {i}: {i * 7919 % 10007} {(i % 7 == 0 ? "seven" : "other")}\n")));

    private static byte[] Gzip(byte[] data)
    {
        var buffer = new MemoryStream();
        using (var gzip = new GZipStream(buffer, CompressionLevel.Fastest, leaveOpen: true))
            gzip.Write(data);
        return buffer.ToArray();
    }

    private static byte[] ReadAll(byte[] compressed, int readSize = 4096)
    {
        using var stream = new CheckedGzipStream(new MemoryStream(compressed));
        var output = new MemoryStream();
        var buffer = new byte[readSize];
        int n;
        while ((n = stream.Read(buffer, 0, buffer.Length)) > 0)
            output.Write(buffer, 0, n);
        return output.ToArray();
    }

    [Theory]
    [InlineData(1)]
    [InlineData(7)]
    [InlineData(65536)]
    public void ReadsAWholeFileWithAnyReadSize(int readSize) =>
        Assert.Equal(Text, ReadAll(Gzip(Text), readSize));

    [Fact]
    public void ReadsConcatenatedMembersIncludingIdenticalOnesAndEmptyOnes()
    {
        var small = Encoding.UTF8.GetBytes("{\"instruction\": \"a\", \"output\": \"b\"}\n");
        var compressed = Gzip(small).Concat(Gzip(Text)).Concat(Gzip([])).Concat(Gzip(small)).Concat(Gzip(small)).ToArray();
        Assert.Equal(small.Concat(Text).Concat(small).Concat(small).ToArray(), ReadAll(compressed));
    }

    [Fact]
    public void SkipsTheOptionalHeaderFieldsGzipWrites()
    {
        // gzip(1) sets FNAME and stores the original name zero-terminated after the 10-byte header.
        var plain = Gzip(Text);
        var name = Encoding.ASCII.GetBytes("data.jsonl\0");
        var withName = plain[..10].Concat(name).Concat(plain[10..]).ToArray();
        withName[3] |= 0x08;
        Assert.Equal(Text, ReadAll(withName));
    }

    [Fact]
    public void EveryTruncationIsAnErrorNotAShorterStream()
    {
        var compressed = Gzip(Text);
        // Cutting anywhere, inside the header, the deflate data or the 8-byte trailer, must never pass as a file.
        foreach (var cut in new[] { 1, 9, 10, 11, 100, compressed.Length / 3, compressed.Length / 2, compressed.Length - 9, compressed.Length - 8, compressed.Length - 4, compressed.Length - 1 })
        {
            var e = Assert.Throws<InvalidDataException>(() => ReadAll(compressed[..cut]));
            Assert.Contains("truncated", e.Message);
        }
    }

    [Fact]
    public void ATrailerThatDoesNotMatchTheDataIsAnError()
    {
        var compressed = Gzip(Text);
        compressed[^6] ^= 0x01; // a bit of the stored CRC-32
        Assert.Throws<InvalidDataException>(() => ReadAll(compressed));
    }

    [Fact]
    public void BytesAfterTheLastMemberThatAreNotGzipAreAnError()
    {
        var compressed = Gzip(Text).Concat("garbage!!!!!"u8.ToArray()).ToArray();
        var e = Assert.Throws<InvalidDataException>(() => ReadAll(compressed));
        Assert.Contains("not a gzip member", e.Message);
    }

    [Fact]
    public void ATruncatedGzipDatasetIsAFileErrorNamingTheFile()
    {
        using var dir = new TempDir();
        var whole = File.ReadAllBytes(dir.Write("ok.jsonl.gz", string.Concat(Enumerable.Range(0, 3000).Select(i => $"{{\"instruction\": \"Q{i}\", \"output\": \"{i}\"}}\n"))));
        var path = dir.Write("cut.jsonl", whole[..(whole.Length - 3)]);
        var e = Assert.Throws<DatasetFormatException>(() => TempDir.ReadAll(path));
        Assert.Equal(path, e.File);
        Assert.Contains("truncated", e.Message);
    }
}

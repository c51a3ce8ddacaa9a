using System.Text;
using Winnow.Models;
using Winnow.Models.Gguf;

namespace Winnow.Tests.Models.Gguf;

/// <summary>The GGUF reader refuses hostile or broken files with a message naming the field, and reads back what the writer wrote.</summary>
public sealed class GgufFileTests : IDisposable
{
    private readonly string _dir = Directory.CreateTempSubdirectory("winnow-gguf-read-").FullName;

    [Fact]
    public void ReadsBackMetadataAndTensors()
    {
        var path = Small();
        var file = GgufFile.Read(path);
        Assert.Equal(3u, file.Version);
        Assert.Equal("llama", file.Architecture);
        Assert.Equal(7u, file.Metadata["llama.block_count"]);
        Assert.Equal(new object[] { "a", "b" }, (object[])file.Metadata["tokenizer.ggml.tokens"]);
        Assert.Equal(2, file.Tensors.Count);
        Assert.Equal(new long[] { 64, 2 }, file.Tensors[0].Dims);
        Assert.Equal(GgmlType.Q8_0, file.Tensors[0].Type);
        Assert.Equal(2 * 2 * 34, file.Tensors[0].Bytes);
        Assert.Equal("q8_0", file.Quantisation);
        Assert.Equal(0, file.DataOffset % GgufWriter.Alignment);
    }

    [Fact]
    public void WrongMagicIsRefused()
    {
        var bytes = File.ReadAllBytes(Small());
        Encoding.ASCII.GetBytes("GGML").CopyTo(bytes, 0);
        Assert.Contains("magic", Refused(bytes));
    }

    [Fact]
    public void TruncatedFileIsRefused()
    {
        var bytes = File.ReadAllBytes(Small());
        Assert.Contains("truncated", Refused(bytes[..(bytes.Length - 40)]));
        Assert.Contains("truncated", Refused(bytes[..30]));
    }

    [Fact]
    public void AbsurdCountsAreRefusedBeforeAllocating()
    {
        var bytes = File.ReadAllBytes(Small());
        BitConverter.GetBytes(ulong.MaxValue / 2).CopyTo(bytes, 8); // tensor_count
        Assert.Contains("tensor_count", Refused(bytes));
        bytes = File.ReadAllBytes(Small());
        BitConverter.GetBytes(1UL << 40).CopyTo(bytes, 16); // metadata_kv_count
        Assert.Contains("metadata_kv_count", Refused(bytes));
        bytes = File.ReadAllBytes(Small());
        BitConverter.GetBytes(1UL << 50).CopyTo(bytes, 24); // length of the first key
        Assert.Contains("string length", Refused(bytes));
    }

    [Fact]
    public void AbsurdTensorSizeIsRefused()
    {
        var writer = new GgufWriter();
        writer.AddString("general.architecture", "llama");
        writer.AddTensor("w", [32], GgmlType.F32, () => new byte[128]);
        var path = Path.Combine(_dir, "huge.gguf");
        writer.Write(path);
        var bytes = File.ReadAllBytes(path);
        var at = IndexOf(bytes, Encoding.ASCII.GetBytes("w")) + 1 + 4; // after the name and n_dims
        BitConverter.GetBytes(1UL << 39).CopyTo(bytes, at);
        Assert.Contains("run past the end of the file", Refused(bytes));
    }

    private string Small()
    {
        var writer = new GgufWriter();
        writer.AddString("general.architecture", "llama");
        writer.AddUInt32("llama.block_count", 7);
        writer.AddStrings("tokenizer.ggml.tokens", ["a", "b"]);
        var values = Enumerable.Range(0, 128).Select(i => i / 10f).ToArray();
        writer.AddTensor("blk.0.attn_q.weight", [64, 2], GgmlType.Q8_0, () => GgufQuantizer.Encode(values, GgmlType.Q8_0));
        writer.AddTensor("output_norm.weight", [3], GgmlType.F32, () => GgufQuantizer.Encode([1f, 2f, 3f], GgmlType.F32));
        var path = Path.Combine(_dir, "small.gguf");
        writer.Write(path);
        return path;
    }

    private string Refused(byte[] bytes)
    {
        var path = Path.Combine(_dir, "bad.gguf");
        File.WriteAllBytes(path, bytes);
        var e = Assert.Throws<ModelFormatException>(() => GgufFile.Read(path));
        Assert.Contains(path, e.Message);
        return e.Message;
    }

    private static int IndexOf(byte[] haystack, byte[] needle)
    {
        for (var i = 32; i < haystack.Length - needle.Length; i++)
        {
            if (haystack.AsSpan(i, needle.Length).SequenceEqual(needle) && BitConverter.ToUInt64(haystack, i - 8) == (ulong)needle.Length)
                return i;
        }
        throw new InvalidOperationException("not found");
    }

    public void Dispose() => Directory.Delete(_dir, recursive: true);
}

using System.Buffers.Binary;
using System.Runtime.InteropServices;
using Winnow.Embedding;
using Winnow.Pipeline;

namespace Winnow.Store;

/// <summary>
/// The embeddings a selection ran on, kept beside its output (<c>&lt;output&gt;.embeddings.f16</c>) so a report can
/// map, cluster and measure the pool later without re-running the embedder (which, for a neural encoder, costs as
/// much as scoring). Layout: the 8 ASCII bytes <c>WNEMB16\n</c>, rows and dim as little-endian int32, then rows × dim
/// IEEE float16 values row-major, rows in the order of the usable rows of the decisions file.
/// </summary>
public static class EmbeddingFile
{
    private static readonly byte[] Magic = "WNEMB16\n"u8.ToArray();

    public static void Write(string path, EmbeddingMatrix matrix) =>
        OutputFile.Write(path, stream =>
        {
            Span<byte> header = stackalloc byte[16];
            Magic.CopyTo(header);
            BinaryPrimitives.WriteInt32LittleEndian(header[8..], matrix.Rows);
            BinaryPrimitives.WriteInt32LittleEndian(header[12..], matrix.Dim);
            stream.Write(header);
            stream.Write(MemoryMarshal.AsBytes(matrix.Data));
        });

    public static EmbeddingMatrix Read(string path)
    {
        using var stream = File.OpenRead(path);
        Span<byte> header = stackalloc byte[16];
        if (stream.ReadAtLeast(header, 16, throwOnEndOfStream: false) < 16 || !header[..8].SequenceEqual(Magic))
            throw new InvalidDataException($"{path}: not a Winnow embedding file (expected the header 'WNEMB16' written by winnow select)");
        var rows = BinaryPrimitives.ReadInt32LittleEndian(header[8..]);
        var dim = BinaryPrimitives.ReadInt32LittleEndian(header[12..]);
        if (rows < 0 || dim <= 0 || stream.Length != 16 + 2L * rows * dim)
            throw new InvalidDataException($"{path}: header says {rows} × {dim} float16 values, but the file holds {stream.Length - 16} bytes after the header");
        var data = new Half[(long)rows * dim];
        stream.ReadExactly(MemoryMarshal.AsBytes(data.AsSpan()));
        return new EmbeddingMatrix(rows, dim, data);
    }
}

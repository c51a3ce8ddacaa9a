using System.Buffers.Binary;
using System.Runtime.InteropServices;
using Winnow.Embedding;
using Winnow.Pipeline;

namespace Winnow.Store;

/// <summary>
/// The embeddings a selection ran on, kept beside its output (<c>&lt;output&gt;.embeddings.f16</c>) so a report can
/// map, cluster and measure the pool later, and a later <c>select</c> can reuse them, without re-running the embedder
/// (which, for a neural encoder, costs as much as scoring). Layout: the 8 ASCII bytes <c>WNEMB16\n</c>, rows and dim
/// as little-endian int32, then rows × dim IEEE float16 values row-major, rows in the order of the usable rows of the
/// decisions file. A run writes it in place through a mapping (<see cref="EmbeddingMatrix.Create"/>).
/// </summary>
public static class EmbeddingFile
{
    private static readonly byte[] Magic = "WNEMB16\n"u8.ToArray();

    /// <summary>Rows copied per write: the copy never holds more than one block.</summary>
    private const int BlockRows = 4096;

    public static void Write(string path, EmbeddingMatrix matrix) =>
        OutputFile.Write(path, stream =>
        {
            Span<byte> header = stackalloc byte[EmbeddingMatrix.FileHeaderBytes];
            Magic.CopyTo(header);
            BinaryPrimitives.WriteInt32LittleEndian(header[8..], matrix.Rows);
            BinaryPrimitives.WriteInt32LittleEndian(header[12..], matrix.Dim);
            stream.Write(header);
            for (var start = 0; start < matrix.Rows; start += BlockRows)
                stream.Write(MemoryMarshal.AsBytes(matrix.Block(start, Math.Min(BlockRows, matrix.Rows - start))));
        });

    /// <summary>Reads the whole file onto the managed heap (for small files and reports; <see cref="Map"/> for a pool).</summary>
    public static EmbeddingMatrix Read(string path)
    {
        var (rows, dim) = Header(path);
        using var stream = File.OpenRead(path);
        stream.Position = EmbeddingMatrix.FileHeaderBytes;
        var data = new Half[(long)rows * dim];
        stream.ReadExactly(MemoryMarshal.AsBytes(data.AsSpan()));
        return new EmbeddingMatrix(rows, dim, data);
    }

    /// <summary>Maps the file (checked as for <see cref="Read"/>); the caller disposes the matrix.</summary>
    public static EmbeddingMatrix Map(string path)
    {
        var (rows, dim) = Header(path);
        return EmbeddingMatrix.Map(path, rows, dim);
    }

    /// <summary>Rows and dim from the header, after checking the magic and that the file holds exactly that many values.</summary>
    public static (int Rows, int Dim) Header(string path)
    {
        using var stream = File.OpenRead(path);
        Span<byte> header = stackalloc byte[EmbeddingMatrix.FileHeaderBytes];
        if (stream.ReadAtLeast(header, header.Length, throwOnEndOfStream: false) < header.Length || !header[..8].SequenceEqual(Magic))
            throw new InvalidDataException($"{path}: not a Winnow embedding file (expected the header 'WNEMB16' written by winnow select)");
        var rows = BinaryPrimitives.ReadInt32LittleEndian(header[8..]);
        var dim = BinaryPrimitives.ReadInt32LittleEndian(header[12..]);
        if (rows < 0 || dim <= 0 || stream.Length != EmbeddingMatrix.FileHeaderBytes + 2L * rows * dim)
            throw new InvalidDataException($"{path}: header says {rows} × {dim} float16 values, but the file holds {stream.Length - EmbeddingMatrix.FileHeaderBytes} bytes after the header");
        return (rows, dim);
    }
}

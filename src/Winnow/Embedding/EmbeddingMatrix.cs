using System.Buffers.Binary;
using System.IO.MemoryMappedFiles;
using System.Numerics.Tensors;

namespace Winnow.Embedding;

/// <summary>
/// Row-major n × d embedding matrix stored as float16, the only whole-pool state the clustering selectors need.
/// Rows are widened to float32 on read for arithmetic. Small matrices live in a managed array; a pool's matrix lives
/// in its embedding file (<see cref="Create(string, int, int)"/>, layout of <c>Store.EmbeddingFile</c>), memory-mapped,
/// so it costs no managed heap, is not limited to 2³¹ values, and its pages are the kernel's to evict and reread.
/// Callers read it in blocks of rows (<see cref="Block"/>, <see cref="ReadRows"/>), never as one array.
/// </summary>
public sealed unsafe class EmbeddingMatrix : IDisposable
{
    /// <summary>Bytes before the first value in an embedding file: the 8-byte magic, rows and dim as int32.</summary>
    public const int FileHeaderBytes = 16;

    private static readonly byte[] FileMagic = "WNEMB16\n"u8.ToArray();

    private readonly Half[]? _array;
    private readonly MemoryMappedFile? _file;
    private readonly MemoryMappedViewAccessor? _view;
    private readonly Half* _mapped;

    private bool _disposed;

    public EmbeddingMatrix(int rows, int dim)
        : this(rows, dim, new Half[Checked(rows, dim)])
    {
    }

    public EmbeddingMatrix(int rows, int dim, Half[] data)
    {
        if (data.Length != (long)rows * dim)
            throw new ArgumentException($"embedding data has {data.Length} values, expected {rows} × {dim}");
        Rows = rows;
        Dim = dim;
        _array = data;
    }

    private EmbeddingMatrix(int rows, int dim, MemoryMappedFile file, MemoryMappedViewAccessor view)
    {
        Rows = rows;
        Dim = dim;
        _file = file;
        _view = view;
        byte* pointer = null;
        view.SafeMemoryMappedViewHandle.AcquirePointer(ref pointer);
        _mapped = (Half*)(pointer + view.PointerOffset + FileHeaderBytes);
    }

    public int Rows { get; }

    public int Dim { get; }

    /// <summary>Whether the values live in a memory-mapped file rather than on the managed heap.</summary>
    public bool IsMapped => _array is null;

    /// <summary>Creates the embedding file at <paramref name="path"/> (header written, values zero) and maps it for writing.</summary>
    public static EmbeddingMatrix Create(string path, int rows, int dim)
    {
        Checked(rows, 1);
        Checked(1, dim);
        var length = FileHeaderBytes + 2L * rows * dim;
        using (var stream = new FileStream(path, FileMode.Create, FileAccess.ReadWrite))
        {
            Span<byte> header = stackalloc byte[FileHeaderBytes];
            FileMagic.CopyTo(header);
            BinaryPrimitives.WriteInt32LittleEndian(header[8..], rows);
            BinaryPrimitives.WriteInt32LittleEndian(header[12..], dim);
            stream.Write(header);
            stream.SetLength(length);
        }
        var file = MemoryMappedFile.CreateFromFile(path, FileMode.Open, null, length, MemoryMappedFileAccess.ReadWrite);
        return new EmbeddingMatrix(rows, dim, file, file.CreateViewAccessor(0, length, MemoryMappedFileAccess.ReadWrite));
    }

    /// <summary>
    /// Maps an embedding file whose header was checked by the caller (<c>Store.EmbeddingFile.Map</c>). The mapping is
    /// copy-on-write: a caller that writes a row changes its own view, never the file.
    /// </summary>
    public static EmbeddingMatrix Map(string path, int rows, int dim)
    {
        var length = FileHeaderBytes + 2L * rows * dim;
        var file = MemoryMappedFile.CreateFromFile(path, FileMode.Open, null, 0, MemoryMappedFileAccess.CopyOnWrite);
        return new EmbeddingMatrix(rows, dim, file, file.CreateViewAccessor(0, length, MemoryMappedFileAccess.CopyOnWrite));
    }

    public Span<Half> Row(int row)
    {
        if ((uint)row >= (uint)Rows)
            throw new ArgumentOutOfRangeException(nameof(row), $"row {row} of {Rows}");
        return _array is not null ? _array.AsSpan(row * Dim, Dim) : new Span<Half>(_mapped + (long)row * Dim, Dim);
    }

    /// <summary>The rows [start, start + count) as one contiguous read-only span (count × d must fit a span).</summary>
    public ReadOnlySpan<Half> Block(int start, int count)
    {
        if (start < 0 || count < 0 || (long)start + count > Rows)
            throw new ArgumentOutOfRangeException(nameof(count), $"rows [{start}, {(long)start + count}) of {Rows}");
        var length = checked(count * Dim);
        return _array is not null ? _array.AsSpan(start * Dim, length) : new ReadOnlySpan<Half>(_mapped + (long)start * Dim, length);
    }

    public void ReadRow(int row, Span<float> destination) =>
        TensorPrimitives.ConvertToSingle(Row(row), destination[..Dim]);

    public void WriteRow(int row, ReadOnlySpan<float> values)
    {
        if (values.Length != Dim)
            throw new ArgumentException($"row has {values.Length} values, expected {Dim}");
        TensorPrimitives.ConvertToHalf(values, Row(row));
    }

    /// <summary>Widens the rows [start, start + count) into <paramref name="destination"/> (count × d, row-major).</summary>
    public void ReadRows(int start, int count, Span<float> destination)
    {
        if (destination.Length < (long)count * Dim)
            throw new ArgumentOutOfRangeException(nameof(destination), $"rows [{start}, {start + count}) of {Rows}, into {destination.Length} floats");
        TensorPrimitives.ConvertToSingle(Block(start, count), destination);
    }

    /// <summary>Widened copy of the listed rows, in list order (rows.Count × d), e.g. a training sample.</summary>
    public float[] ToFloat(IReadOnlyList<int> rows)
    {
        var result = new float[(long)rows.Count * Dim];
        for (var i = 0; i < rows.Count; i++)
            TensorPrimitives.ConvertToSingle(Row(rows[i]), result.AsSpan(i * Dim, Dim));
        return result;
    }

    /// <summary>Widened copy as one float32 array (n × d), for algorithms that sweep a small matrix many times.</summary>
    public float[] ToFloat()
    {
        var result = new float[checked(Rows * Dim)];
        ReadRows(0, Rows, result);
        return result;
    }

    /// <summary>Writes a mapped matrix's changed pages to its file (a no-op for an in-memory one).</summary>
    public void Flush() => _view?.Flush();

    public void Dispose()
    {
        if (_view is null || _disposed)
            return;
        _disposed = true;
        _view.SafeMemoryMappedViewHandle.ReleasePointer();
        _view.Dispose();
        _file!.Dispose();
    }

    private static int Checked(int rows, int dim)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(rows);
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(dim);
        return checked(rows * dim);
    }
}

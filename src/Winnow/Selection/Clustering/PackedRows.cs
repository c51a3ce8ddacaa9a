using Winnow.Tensors;

namespace Winnow.Selection.Clustering;

/// <summary>
/// The data re-laid out for <see cref="DotKernel"/>: panels of <see cref="Width"/> rows stored dimension-major
/// ([dim][32]), so one 32-float line holds one coordinate of 32 rows and the kernel keeps 32 rows in vector lanes.
/// Rows are padded to whole panels with zeros. k-means works from this one copy alone (assignment through the kernel,
/// centroid sums, seeding and inertia through <see cref="CopyRow"/> and <see cref="Element"/>), so a fit holds the
/// data once; a projection can write straight into it (<see cref="Projection"/>).
/// </summary>
internal sealed unsafe class PackedRows
{
    public const int Width = DotKernel.PanelWidth;

    /// <summary>Rows widened per read by <see cref="Pack"/> (a whole number of panels).</summary>
    private const int ReadBlockRows = 128 * Width;

    /// <summary>Zero panels for <paramref name="rows"/> × <paramref name="dim"/>, to be filled panel by panel.</summary>
    public PackedRows(int rows, int dim)
    {
        Rows = rows;
        Dim = dim;
        PanelCount = (rows + Width - 1) / Width;
        Panels = GC.AllocateArray<float>(checked(PanelCount * Width * dim), pinned: true);
        Norms = new float[PanelCount * Width];
    }

    private PackedRows(int rows, int dim, float[] panels, float[] norms)
    {
        Rows = rows;
        Dim = dim;
        PanelCount = (rows + Width - 1) / Width;
        Panels = panels;
        Norms = norms;
    }

    /// <summary>
    /// The first <paramref name="rows"/> rows of these buffers as a matrix of their own: a block buffer reused for a
    /// shorter block. Lanes past its last row keep what they held; every reader stops at <see cref="Rows"/>.
    /// </summary>
    public PackedRows Leading(int rows)
    {
        ArgumentOutOfRangeException.ThrowIfGreaterThan(rows, Rows);
        return rows == Rows ? this : new PackedRows(rows, Dim, Panels, Norms);
    }

    /// <summary>Packs the whole of a row-major matrix.</summary>
    public PackedRows(RowMatrix x, int threads, CancellationToken cancellationToken)
        : this(x.Rows, x.Cols) =>
        Fill(x, 0, threads, cancellationToken);

    public int Rows { get; }

    public int Dim { get; }

    public int PanelCount { get; }

    /// <summary>[panel][dim][Width], pinned so kernels can hold raw pointers.</summary>
    public float[] Panels { get; }

    /// <summary>‖x‖² per padded row (0 for padding rows).</summary>
    public float[] Norms { get; }

    public float* Panel(float* panels, int panel) => panels + (long)panel * Dim * Width;

    /// <summary>Where row <paramref name="row"/>'s first coordinate lies; coordinate j is <see cref="Width"/> × j further.</summary>
    public float* Element(float* panels, int row) => Panel(panels, row / Width) + row % Width;

    /// <summary>
    /// Packs the rows [start, start + count) of <paramref name="source"/>, widened <see cref="ReadBlockRows"/> at a
    /// time, so a float16 pool or sample is never widened whole.
    /// </summary>
    public static PackedRows Pack(IRowSource source, int start, int count, int threads, CancellationToken cancellationToken)
    {
        var packed = new PackedRows(count, source.Cols);
        packed.Fill(source, start, ReadBuffer(count, source.Cols), threads, cancellationToken);
        return packed;
    }

    /// <summary>The widening buffer <see cref="Fill(IRowSource, int, float[], int, CancellationToken)"/> needs for up to <paramref name="rows"/> rows.</summary>
    public static float[] ReadBuffer(int rows, int dim) =>
        GC.AllocateUninitializedArray<float>(Math.Min(rows, ReadBlockRows) * dim, pinned: true);

    /// <summary>
    /// Packs the rows [start, start + Rows) of <paramref name="source"/> into these panels, widened
    /// <see cref="ReadBlockRows"/> at a time through <paramref name="buffer"/> (from <see cref="ReadBuffer"/>).
    /// </summary>
    public void Fill(IRowSource source, int start, float[] buffer, int threads, CancellationToken cancellationToken)
    {
        if (source.Cols != Dim)
            throw new ArgumentException($"cannot pack {source.Cols} columns into {Dim}-dimensional panels");
        var blockRows = buffer.Length / Dim;
        if (blockRows < Math.Min(Rows, ReadBlockRows))
            throw new ArgumentException($"a widening buffer of {blockRows} rows is smaller than a block of {Math.Min(Rows, ReadBlockRows)}");
        for (var first = 0; first < Rows; first += ReadBlockRows)
        {
            var rows = Math.Min(ReadBlockRows, Rows - first);
            source.Read(start + first, rows, buffer);
            fixed (float* pointer = buffer)
                Fill(new RowMatrix(pointer, rows, Dim), first / Width, threads, cancellationToken);
        }
    }

    /// <summary>Copies row <paramref name="row"/> out into <paramref name="destination"/> (Dim floats).</summary>
    public void CopyRow(int row, Span<float> destination)
    {
        fixed (float* panels = Panels)
        {
            var element = Element(panels, row);
            for (var j = 0; j < Dim; j++)
                destination[j] = element[(long)j * Width];
        }
    }

    /// <summary>
    /// ‖x‖² of the rows of panels [first, last), summed over dimensions in order in float (the same bits whatever
    /// wrote the panel); padding rows, all zero, get 0.
    /// </summary>
    public void ComputeNorms(int first, int last)
    {
        fixed (float* panels = Panels)
        {
            for (var p = first; p < last; p++)
            {
                var panel = Panel(panels, p);
                for (var lane = 0; lane < Width; lane++)
                {
                    var norm = 0f;
                    for (var j = 0; j < Dim; j++)
                    {
                        var value = panel[j * Width + lane];
                        norm += value * value;
                    }
                    Norms[p * Width + lane] = norm;
                }
            }
        }
    }

    /// <summary>
    /// Packs the rows of <paramref name="x"/> into the panels from <paramref name="firstPanel"/> on, with their norms.
    /// Lanes past x's last row keep what they held (zero in fresh panels; a reused scratch block ignores them).
    /// </summary>
    public void Fill(RowMatrix x, int firstPanel, int threads, CancellationToken cancellationToken)
    {
        var source = x;
        RowBlocks.For((x.Rows + Width - 1) / Width, 16, threads, cancellationToken, (_, first, last) =>
        {
            for (var p = first; p < last; p++)
            {
                var target = Panels.AsSpan((firstPanel + p) * Dim * Width, Dim * Width);
                for (var lane = 0; lane < Width; lane++)
                {
                    var row = p * Width + lane;
                    if (row >= source.Rows)
                        break;
                    var values = source.Row(row);
                    for (var j = 0; j < Dim; j++)
                        target[j * Width + lane] = values[j];
                }
            }
            ComputeNorms(firstPanel + first, firstPanel + last);
        });
    }
}

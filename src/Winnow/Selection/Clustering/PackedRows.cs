using Winnow.Tensors;

namespace Winnow.Selection.Clustering;

/// <summary>
/// The data re-laid out for <see cref="DotKernel"/>: panels of <see cref="Width"/> rows stored dimension-major
/// ([dim][32]), so one 32-float line holds one coordinate of 32 rows and the kernel keeps 32 rows in vector lanes.
/// Rows are padded to whole panels with zeros. Costs one extra copy of the data, paid once per fit, in exchange for
/// distance work that runs as a register-blocked matrix product with the argmin done across lanes.
/// </summary>
internal sealed unsafe class PackedRows
{
    public const int Width = DotKernel.PanelWidth;

    public PackedRows(RowMatrix x, int threads, CancellationToken cancellationToken)
    {
        Rows = x.Rows;
        Dim = x.Cols;
        PanelCount = (x.Rows + Width - 1) / Width;
        Panels = GC.AllocateUninitializedArray<float>(checked(PanelCount * Width * Dim), pinned: true);
        Norms = new float[PanelCount * Width];
        var source = x;
        RowBlocks.For(PanelCount, 16, threads, cancellationToken, (_, first, last) =>
        {
            for (var p = first; p < last; p++)
                Pack(source, p);
        });
    }

    public int Rows { get; }

    public int Dim { get; }

    public int PanelCount { get; }

    /// <summary>[panel][dim][Width], pinned so kernels can hold raw pointers.</summary>
    public float[] Panels { get; }

    /// <summary>‖x‖² per padded row (0 for padding rows).</summary>
    public float[] Norms { get; }

    public float* Panel(float* panels, int panel) => panels + (long)panel * Dim * Width;

    private void Pack(RowMatrix x, int panel)
    {
        var target = Panels.AsSpan(panel * Dim * Width, Dim * Width);
        for (var lane = 0; lane < Width; lane++)
        {
            var row = panel * Width + lane;
            if (row >= Rows)
            {
                for (var j = 0; j < Dim; j++)
                    target[j * Width + lane] = 0f;
                continue;
            }
            var values = x.Row(row);
            var norm = 0f;
            for (var j = 0; j < Dim; j++)
            {
                target[j * Width + lane] = values[j];
                norm += values[j] * values[j];
            }
            Norms[row] = norm;
        }
    }
}

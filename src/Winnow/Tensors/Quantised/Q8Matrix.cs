namespace Winnow.Tensors.Quantised;

/// <summary>
/// A Q8_0 weight matrix (n output columns × k inputs) packed for <see cref="Q8Gemm"/>: panels of 16 output columns;
/// within a panel, for every 32-input block, the bytes are ordered [quad of 4 inputs][column][4 inputs], so one 4-byte
/// broadcast of an activation row against 64 weight bytes is one vpdpbusd per 8 columns, and a lane's int32 sum over the
/// block's 8 quads is that column's integer block dot. Per (panel, block) it also keeps the 16 columns' scales and
/// −128·Σq, the exact correction for the +128 offset of the unsigned activations (the accumulators start from it).
/// </summary>
/// <remarks>Memory: k·n bytes plus 8 bytes per 32 weights (scale and correction), 1.25 bytes per weight (F32: 4).</remarks>
public sealed class Q8Matrix : IQ8RowLookup
{
    /// <summary>Output columns per panel.</summary>
    public const int PanelWidth = 16;

    /// <summary>Bytes of one (panel, block): 32 inputs × 16 columns.</summary>
    internal const int PanelBlockBytes = Q8Rows.Block * PanelWidth;

    private Q8Matrix(int n, int k)
    {
        N = n;
        K = k;
        Panels = (n + PanelWidth - 1) / PanelWidth;
        Quants = GC.AllocateUninitializedArray<sbyte>(checked(Panels * Blocks * PanelBlockBytes), pinned: true);
        Scales = GC.AllocateArray<float>(checked(Panels * Blocks * PanelWidth), pinned: true);
        Corrections = GC.AllocateArray<int>(checked(Panels * Blocks * PanelWidth), pinned: true);
    }

    /// <summary>Output columns (rows of the stored weight).</summary>
    public int N { get; }

    /// <summary>Inputs (a multiple of 32).</summary>
    public int K { get; }

    internal int Panels { get; }

    internal int Blocks => K / Q8Rows.Block;

    internal sbyte[] Quants { get; }

    internal float[] Scales { get; }

    internal int[] Corrections { get; }

    /// <summary>
    /// Writes weight row (output column) <paramref name="row"/> widened to float32: a tied token embedding reads the
    /// vocabulary projection it shares instead of keeping a second copy.
    /// </summary>
    public void DequantiseRow(int row, Span<float> target)
    {
        int panel = row / PanelWidth, c = row % PanelWidth;
        for (var b = 0; b < Blocks; b++)
        {
            var pb = panel * Blocks + b;
            var scale = Scales[pb * PanelWidth + c];
            for (var i = 0; i < Q8Rows.Block; i++)
                target[b * Q8Rows.Block + i] = scale * Quants[pb * PanelBlockBytes + (i / 4) * (PanelWidth * 4) + c * 4 + i % 4];
        }
    }

    /// <summary>The unpacked [n × k] rows again (the reference path reads these).</summary>
    public Q8Rows ToRows()
    {
        var quants = new sbyte[(long)N * K];
        var scales = new float[(long)N * Blocks];
        for (var col = 0; col < N; col++)
        {
            int panel = col / PanelWidth, c = col % PanelWidth;
            for (var b = 0; b < Blocks; b++)
            {
                var pb = panel * Blocks + b;
                scales[col * Blocks + b] = Scales[pb * PanelWidth + c];
                for (var i = 0; i < Q8Rows.Block; i++)
                    quants[col * K + b * Q8Rows.Block + i] = Quants[pb * PanelBlockBytes + (i / 4) * (PanelWidth * 4) + c * 4 + i % 4];
            }
        }
        return new Q8Rows(quants, scales, N, K);
    }

    /// <summary>Packs [n × k] Q8_0 rows (an <c>nn.Linear</c> weight: one row per output).</summary>
    public static Q8Matrix Pack(Q8Rows rows)
    {
        var packed = new Q8Matrix(rows.Rows, rows.Cols);
        var blocks = packed.Blocks;
        Array.Clear(packed.Quants);
        for (var col = 0; col < rows.Rows; col++)
        {
            int panel = col / PanelWidth, c = col % PanelWidth;
            for (var b = 0; b < blocks; b++)
            {
                var pb = panel * blocks + b;
                var source = rows.Quants.AsSpan(col * rows.Cols + b * Q8Rows.Block, Q8Rows.Block);
                var sum = 0;
                for (var i = 0; i < Q8Rows.Block; i++)
                {
                    packed.Quants[pb * PanelBlockBytes + (i / 4) * (PanelWidth * 4) + c * 4 + i % 4] = source[i];
                    sum += source[i];
                }
                packed.Scales[pb * PanelWidth + c] = rows.Scales[col * blocks + b];
                packed.Corrections[pb * PanelWidth + c] = -128 * sum;
            }
        }
        return packed;
    }
}

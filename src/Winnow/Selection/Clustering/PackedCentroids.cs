namespace Winnow.Selection.Clustering;

/// <summary>
/// Centroids re-laid out for <see cref="AssignKernel"/>: panels of <see cref="PanelWidth"/> centroids, each panel
/// stored dimension-major ([dim][32]) so the micro-kernel reads one contiguous 32-float line per dimension.
/// K is padded up to whole panels with zero centroids whose squared norm is +∞, so they never win an argmin.
/// </summary>
internal sealed class PackedCentroids
{
    public const int PanelWidth = 32;

    public PackedCentroids(int k, int dim)
    {
        K = k;
        Dim = dim;
        PanelCount = (k + PanelWidth - 1) / PanelWidth;
        Padded = PanelCount * PanelWidth;
        Panels = GC.AllocateUninitializedArray<float>(Padded * dim, pinned: true);
        Norms = GC.AllocateUninitializedArray<float>(Padded, pinned: true);
    }

    public int K { get; }

    public int Dim { get; }

    public int PanelCount { get; }

    public int Padded { get; }

    /// <summary>[panel][dim][PanelWidth]; pinned so the kernel can hold raw pointers.</summary>
    public float[] Panels { get; }

    /// <summary>‖c‖² per padded centroid (+∞ for padding).</summary>
    public float[] Norms { get; }

    public void Pack(ReadOnlySpan<float> centroids)
    {
        Array.Clear(Panels);
        for (var c = 0; c < Padded; c++)
        {
            if (c >= K)
            {
                Norms[c] = float.PositiveInfinity;
                continue;
            }
            var row = centroids.Slice(c * Dim, Dim);
            var panel = c / PanelWidth;
            var lane = c % PanelWidth;
            var baseIndex = panel * Dim * PanelWidth + lane;
            var norm = 0f;
            for (var j = 0; j < Dim; j++)
            {
                Panels[baseIndex + j * PanelWidth] = row[j];
                norm += row[j] * row[j];
            }
            Norms[c] = norm;
        }
    }
}

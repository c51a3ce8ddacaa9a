namespace Winnow.Tensors;

internal static partial class KernelsBackward
{
    /// <summary>
    /// Through p = softmax(z), given p: dz = p ⊙ (dp − Σ_j p_j·dp_j). Overwrites dz.
    /// </summary>
    public static void Softmax(ReadOnlySpan<double> p, ReadOnlySpan<double> dp, Span<double> dz)
    {
        double inner = 0;
        for (var i = 0; i < p.Length; i++)
            inner += p[i] * dp[i];
        for (var i = 0; i < p.Length; i++)
            dz[i] = p[i] * (dp[i] - inner);
    }

    /// <summary>
    /// Through p = sparsemax(z) (Martins &amp; Astudillo 2016), given p: on the support S = {i : p_i &gt; 0}
    /// dz_i = dp_i − mean_{j∈S} dp_j, and dz_i = 0 off it (the Jacobian is diag(s) − s·sᵀ/|S|). Overwrites dz.
    /// </summary>
    public static void Sparsemax(ReadOnlySpan<double> p, ReadOnlySpan<double> dp, Span<double> dz)
    {
        double sum = 0;
        var support = 0;
        for (var i = 0; i < p.Length; i++)
        {
            if (p[i] > 0)
            {
                sum += dp[i];
                support++;
            }
        }
        var mean = support > 0 ? sum / support : 0;
        for (var i = 0; i < p.Length; i++)
            dz[i] = p[i] > 0 ? dp[i] - mean : 0;
    }
}

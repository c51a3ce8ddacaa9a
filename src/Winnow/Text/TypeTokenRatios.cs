namespace Winnow.Text;

/// <summary>
/// Closed-form lexical diversity measures over N tokens and V types (METHODS §6.1). Each requires N ≥ 1
/// except Simpson's D, which requires N ≥ 2; callers check lengths and report a row error otherwise.
/// </summary>
public static class TypeTokenRatios
{
    /// <summary>TTR = V / N.</summary>
    public static double Ttr(int types, int tokens) => (double)types / tokens;

    /// <summary>Root TTR (Guiraud) = V / √N.</summary>
    public static double RootTtr(int types, int tokens) => types / Math.Sqrt(tokens);

    /// <summary>Corrected TTR (Carroll) = V / √(2N).</summary>
    public static double CorrectedTtr(int types, int tokens) => types / Math.Sqrt(2.0 * tokens);

    /// <summary>Lexical Simpson's D, unbiased form: Σ f(f − 1) / (N(N − 1)); the chance two distinct draws share a type.</summary>
    public static double SimpsonD(IEnumerable<int> frequencies, int tokens)
    {
        double sum = 0;
        foreach (var f in frequencies)
            sum += (double)f * (f - 1);
        return sum / ((double)tokens * (tokens - 1));
    }
}

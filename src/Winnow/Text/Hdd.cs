namespace Winnow.Text;

/// <summary>
/// HD-D (McCarthy and Jarvis 2007, METHODS §6.1): for each type of frequency f in a text of N tokens,
/// P_t = 1 − C(N − f, s)/C(N, s) is the hypergeometric probability that a draw of s = 42 tokens without
/// replacement contains the type at least once. <see cref="ExpectedTypes"/> is Σ P_t (expected types in the
/// draw, 0..s); <see cref="Compute"/> is Σ P_t / s, the TTR-like 0..1 scale LexicalRichness reports.
/// </summary>
public static class Hdd
{
    public const int DefaultDraws = 42;

    public static double Compute(IEnumerable<int> frequencies, int tokens, int draws = DefaultDraws) =>
        ExpectedTypes(frequencies, tokens, draws) / draws;

    public static double ExpectedTypes(IEnumerable<int> frequencies, int tokens, int draws = DefaultDraws)
    {
        if (tokens < draws)
            throw new ArgumentException($"HD-D needs at least {draws} tokens, got {tokens}");
        double sum = 0;
        foreach (var f in frequencies)
            sum += 1 - ProbabilityAbsent(tokens, f, draws);
        return sum;
    }

    /// <summary>
    /// C(N − f, s)/C(N, s) = Π_{i&lt;s} (N − f − i)/(N − i), evaluated as a product of ratios so that no
    /// binomial coefficient (which overflows a double for N in the thousands) is ever formed.
    /// </summary>
    public static double ProbabilityAbsent(int tokens, int frequency, int draws)
    {
        if (tokens - frequency < draws)
            return 0;
        double p = 1;
        for (var i = 0; i < draws; i++)
            p *= (double)(tokens - frequency - i) / (tokens - i);
        return p;
    }
}

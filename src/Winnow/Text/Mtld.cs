namespace Winnow.Text;

/// <summary>
/// MTLD (McCarthy and Jarvis 2010) as LexicalRichness computes it (METHODS §6.1): factors are counted when the
/// running segment TTR falls to the threshold or below (<c>&lt;=</c>), a trailing partial segment adds
/// (1 − TTR)/(1 − threshold), a text with no factor at all uses the whole-text TTR (1 factor when it is 1),
/// and the result is the mean of the forward and the backward pass.
/// </summary>
public static class Mtld
{
    public const double DefaultThreshold = 0.72;

    public static double Compute(IReadOnlyList<string> tokens, double threshold = DefaultThreshold)
    {
        if (tokens.Count == 0)
            throw new ArgumentException("MTLD needs at least one token");
        var reversed = tokens.Reverse().ToList();
        return (Directional(tokens, threshold) + Directional(reversed, threshold)) / 2.0;
    }

    /// <summary>N divided by the (fractional) number of factors for one reading direction.</summary>
    public static double Directional(IReadOnlyList<string> tokens, double threshold = DefaultThreshold)
    {
        var segment = new HashSet<string>(StringComparer.Ordinal);
        var segmentLength = 0;
        double factors = 0;
        double ttr = 1;
        foreach (var token in tokens)
        {
            segmentLength++;
            segment.Add(token);
            ttr = (double)segment.Count / segmentLength;
            if (ttr <= threshold)
            {
                factors++;
                segment.Clear();
                segmentLength = 0;
            }
        }
        if (segmentLength > 0)
            factors += (1 - ttr) / (1 - threshold);
        if (factors == 0)
        {
            // Only reachable when the text never repeats a type: the reference then counts exactly one factor.
            var total = (double)tokens.Distinct(StringComparer.Ordinal).Count() / tokens.Count;
            factors = total == 1 ? 1 : (1 - total) / (1 - threshold);
        }
        return tokens.Count / factors;
    }
}

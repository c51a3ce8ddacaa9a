using System.Buffers;

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

    /// <summary>
    /// MTLD of tokens given as dense type ids 0..<paramref name="types"/> − 1 (every id occurring): the same value,
    /// computed the same way, as <see cref="Compute(IReadOnlyList{string}, double)"/> on the tokens they stand for,
    /// with segment membership kept in an array instead of a set of strings.
    /// </summary>
    public static double Compute(ReadOnlySpan<int> ids, int types, double threshold = DefaultThreshold)
    {
        if (ids.Length == 0)
            throw new ArgumentException("MTLD needs at least one token");
        var segmentOf = ArrayPool<int>.Shared.Rent(types);
        var forward = Directional(ids, types, threshold, segmentOf, backward: false);
        var backward = Directional(ids, types, threshold, segmentOf, backward: true);
        ArrayPool<int>.Shared.Return(segmentOf);
        return (forward + backward) / 2.0;
    }

    /// <summary><paramref name="segmentOf"/>[id] is the number of the last segment the id was seen in (1-based).</summary>
    private static double Directional(ReadOnlySpan<int> ids, int types, double threshold, int[] segmentOf, bool backward)
    {
        Array.Clear(segmentOf, 0, types);
        var segment = 1;
        var segmentTypes = 0;
        var segmentLength = 0;
        double factors = 0;
        double ttr = 1;
        for (var j = 0; j < ids.Length; j++)
        {
            var id = ids[backward ? ids.Length - 1 - j : j];
            segmentLength++;
            if (segmentOf[id] != segment)
            {
                segmentOf[id] = segment;
                segmentTypes++;
            }
            ttr = (double)segmentTypes / segmentLength;
            if (ttr <= threshold)
            {
                factors++;
                segment++;
                segmentTypes = 0;
                segmentLength = 0;
            }
        }
        if (segmentLength > 0)
            factors += (1 - ttr) / (1 - threshold);
        if (factors == 0)
        {
            var total = (double)types / ids.Length;
            factors = total == 1 ? 1 : (1 - total) / (1 - threshold);
        }
        return ids.Length / factors;
    }
}

namespace Winnow.Selection.Geometry;

/// <summary>Distance between embedding rows used by the geometric selectors and diversity metrics.</summary>
public enum DistanceMetric
{
    /// <summary>Euclidean distance ‖x − y‖ on the rows as given.</summary>
    L2,

    /// <summary>1 − cos(x, y), computed on L2-normalised rows (a zero row stays zero, so its cosine is 0).</summary>
    Cosine,
}

/// <summary>Parsing of <see cref="DistanceMetric"/> from parameter text ("l2", "cosine").</summary>
public static class DistanceMetrics
{
    public static DistanceMetric Parse(string text, string owner) => text.ToLowerInvariant() switch
    {
        "l2" or "euclidean" => DistanceMetric.L2,
        "cosine" => DistanceMetric.Cosine,
        _ => throw new ArgumentException($"{owner}: metric '{text}' is unknown; expected l2 or cosine"),
    };

    public static string Name(DistanceMetric metric) => metric == DistanceMetric.L2 ? "l2" : "cosine";

    /// <summary>Distance from a dot product and squared norms; L2 uses ‖x‖² + ‖y‖² − 2x·y clamped at 0 against rounding.</summary>
    public static float FromDot(DistanceMetric metric, float dot, float squaredNormX, float squaredNormY) =>
        metric == DistanceMetric.L2
            ? MathF.Sqrt(MathF.Max(0f, squaredNormX + squaredNormY - 2f * dot))
            : 1f - dot;
}

using System.Numerics.Tensors;

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

    /// <summary>
    /// ‖x − y‖² is taken from the expansion ‖x‖² + ‖y‖² − 2x·y only while it is at least this fraction of
    /// ‖x‖² + ‖y‖²; closer pairs lose most of their digits to cancellation (a row's distance to itself would come
    /// out near √(ε·‖x‖²) instead of 0), so they are recomputed from the difference.
    /// </summary>
    public const float CancellationGuard = 1e-2f;

    /// <summary>Distance of rows x and y given their dot product and squared norms (see <see cref="CancellationGuard"/>).</summary>
    public static float FromDot(DistanceMetric metric, ReadOnlySpan<float> x, ReadOnlySpan<float> y, float dot, float squaredNormX, float squaredNormY) =>
        metric == DistanceMetric.L2
            ? MathF.Sqrt(SquaredL2(x, y, dot, squaredNormX, squaredNormY))
            : 1f - dot;

    /// <summary>‖x − y‖² from the dot product, or directly from the difference where the expansion would cancel.</summary>
    public static float SquaredL2(ReadOnlySpan<float> x, ReadOnlySpan<float> y, float dot, float squaredNormX, float squaredNormY)
    {
        var sum = squaredNormX + squaredNormY;
        var squared = sum - 2f * dot;
        if (squared >= CancellationGuard * sum)
            return squared;
        var direct = TensorPrimitives.Distance(x, y);
        return direct * direct;
    }
}

namespace Winnow.Quality.Features;

/// <summary>
/// Reference twin of <see cref="FeatureSpec.Vector"/>: each group from its reference twin, one after the other, in
/// the spec's order.
/// </summary>
public static class FeatureSpecReference
{
    public static double[] Vector(FeatureSpec spec, string prompt, string response, double[]? charFeatures, double[]? embeddingFeatures = null)
    {
        var vector = new double[spec.Dimension];
        var at = 0;
        foreach (var group in spec.Groups)
        {
            if (group == FeatureSpec.Hashed)
            {
                HashedWordFeaturesReference.Add(response, vector.AsSpan(at, spec.HashBuckets));
                at += spec.HashBuckets;
                continue;
            }
            var values = group switch
            {
                FeatureSpec.CharLm => charFeatures ?? throw new InvalidOperationException("the feature spec uses character LMs but none were given"),
                FeatureSpec.Embedding => embeddingFeatures ?? throw new InvalidOperationException("the feature spec uses encoder features but none were given"),
                _ => TextFeaturesReference.Compute(group, prompt, response),
            };
            values.CopyTo(vector, at);
            at += values.Length;
        }
        return vector;
    }
}

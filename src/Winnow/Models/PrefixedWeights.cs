namespace Winnow.Models;

/// <summary>
/// Views a weight source through a name prefix. Hub checkpoints of the same architecture are saved with or without
/// the base-model prefix (<c>transformer.</c>, <c>model.</c>, <c>bert.</c>, <c>roberta.</c>) depending on the head class
/// they were saved from; <see cref="Detect"/> picks the prefix under which a known tensor exists.
/// </summary>
internal sealed class PrefixedWeights(IWeightSource inner, string prefix) : IWeightSource, IQ8WeightSource
{
    public string Name => inner.Name;

    public IWeightSource Root => inner;

    public bool Contains(string tensorName) => inner.Contains(prefix + tensorName);

    public float[] Load(string tensorName, params long[] expectedShape) => inner.Load(prefix + tensorName, expectedShape);

    public Tensors.Quantised.Q8Rows? LoadQ8Rows(string tensorName, int rows, int cols) =>
        inner is IQ8WeightSource quantised ? quantised.LoadQ8Rows(prefix + tensorName, rows, cols) : null;

    public static PrefixedWeights Detect(IWeightSource source, string probeTensor, params string[] prefixes)
    {
        foreach (var p in prefixes)
        {
            if (source.Contains(p + probeTensor))
                return new PrefixedWeights(source, p);
        }
        var tried = string.Join(", ", prefixes.Select(p => $"'{p}{probeTensor}'"));
        throw new ModelFormatException($"{source.Name}: none of {tried} is in the weights; is this the architecture config.json names?");
    }
}

using Winnow.Models;

namespace Winnow.Scoring.Neural.Car;

/// <summary>
/// Reads the weights under one name prefix as if it were absent: a COMET checkpoint keeps its XLM-R encoder under
/// <c>encoder.model.</c>, which the library's encoder loader does not know (its own prefix adapter is internal).
/// </summary>
public sealed class WeightPrefix(IWeightSource inner, string prefix) : IWeightSource
{
    public string Name => inner.Name + " (" + prefix + "*)";

    public bool Contains(string tensorName) => inner.Contains(prefix + tensorName);

    public float[] Load(string tensorName, params long[] expectedShape) => inner.Load(prefix + tensorName, expectedShape);
}

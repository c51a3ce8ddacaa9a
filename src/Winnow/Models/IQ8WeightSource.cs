using Winnow.Tensors.Quantised;

namespace Winnow.Models;

/// <summary>A weight source that can hand over Q8_0 tensors as stored, without widening them (a q8_0 GGUF file).</summary>
public interface IQ8WeightSource
{
    /// <summary>
    /// The tensor as [<paramref name="rows"/> = outputs × <paramref name="cols"/> = inputs] Q8_0 rows when it is stored
    /// as Q8_0, else null (the caller quantises the float32 values). Throws when missing or of another shape.
    /// </summary>
    Q8Rows? LoadQ8Rows(string tensorName, int rows, int cols);
}

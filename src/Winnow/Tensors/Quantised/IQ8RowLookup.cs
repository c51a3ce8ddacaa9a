namespace Winnow.Tensors.Quantised;

/// <summary>Q8_0 weights whose rows can be read back as float32 one at a time (a quantised token-embedding lookup).</summary>
public interface IQ8RowLookup
{
    /// <summary>Writes row <paramref name="row"/> widened to float32 (scale · q) into <paramref name="target"/>.</summary>
    void DequantiseRow(int row, Span<float> target);
}

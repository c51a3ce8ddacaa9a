namespace Winnow.Tensors.Quantised;

/// <summary>
/// A weight matrix in ggml's Q8_0 format, row-major [rows × cols]: every row is cols/32 blocks of 32 signed 8-bit
/// values with one scale, value = scale · q. The scale is the F16 value of the file, kept widened to float32 (exact), so
/// the numbers are those llama.cpp multiplies. This is the unpacked form the loaders build and the reference twin reads;
/// <see cref="Q8Matrix"/> repacks it for the GEMM.
/// </summary>
public sealed class Q8Rows : IQ8RowLookup
{
    /// <summary>Values per block (ggml's QK8_0).</summary>
    public const int Block = 32;

    /// <summary>Bytes of one block in a GGUF file: an F16 scale, then the 32 values.</summary>
    public const int GgufBlockBytes = 2 + Block;

    public Q8Rows(sbyte[] quants, float[] scales, int rows, int cols)
    {
        if (cols % Block != 0)
            throw new ArgumentException($"Q8_0 rows must be whole {Block}-value blocks; {cols} columns are not");
        if (quants.Length != (long)rows * cols || scales.Length != (long)rows * (cols / Block))
            throw new ArgumentException($"Q8_0 matrix {rows}×{cols} needs {(long)rows * cols} values and {(long)rows * (cols / Block)} scales, got {quants.Length} and {scales.Length}");
        Quants = quants;
        Scales = scales;
        Rows = rows;
        Cols = cols;
    }

    public sbyte[] Quants { get; }

    public float[] Scales { get; }

    public int Rows { get; }

    public int Cols { get; }

    public int BlocksPerRow => Cols / Block;

    /// <summary>Reads GGUF Q8_0 blocks (F16 scale, 32 × int8) of a [rows × cols] tensor.</summary>
    public static Q8Rows FromGguf(ReadOnlySpan<byte> data, int rows, int cols)
    {
        if (cols % Block != 0)
            throw new ArgumentException($"Q8_0 rows must be whole {Block}-value blocks; {cols} columns are not");
        var blocks = (long)rows * (cols / Block);
        if (data.Length != blocks * GgufBlockBytes)
            throw new ArgumentException($"a Q8_0 tensor of {rows}×{cols} takes {blocks * GgufBlockBytes} bytes, got {data.Length}");
        var quants = new sbyte[(long)rows * cols];
        var scales = new float[blocks];
        for (long b = 0; b < blocks; b++)
        {
            var block = data.Slice((int)(b * GgufBlockBytes), GgufBlockBytes);
            scales[b] = (float)BitConverter.ToHalf(block);
            System.Runtime.InteropServices.MemoryMarshal.Cast<byte, sbyte>(block[2..]).CopyTo(quants.AsSpan((int)(b * Block), Block));
        }
        return new Q8Rows(quants, scales, rows, cols);
    }

    /// <summary>
    /// Quantises float32 rows as ggml's reference quantiser (quantize_row_q8_0_ref) does, so a folder quantised at load
    /// holds exactly the weights that <c>winnow convert gguf --type q8_0</c> writes: d = max|x|/127, stored as F16;
    /// q = round-half-away-from-zero(x · (1/d)) with the unrounded d.
    /// </summary>
    public static Q8Rows Quantise(ReadOnlySpan<float> values, int rows, int cols)
    {
        if (cols % Block != 0)
            throw new ArgumentException($"Q8_0 rows must be whole {Block}-value blocks; {cols} columns are not");
        if (values.Length != (long)rows * cols)
            throw new ArgumentException($"{values.Length} values for a {rows}×{cols} matrix");
        var quants = new sbyte[(long)rows * cols];
        var scales = new float[(long)rows * (cols / Block)];
        for (var b = 0; b < scales.Length; b++)
        {
            var x = values.Slice(b * Block, Block);
            var amax = 0f;
            foreach (var v in x)
                amax = Math.Max(amax, Math.Abs(v));
            var d = amax / 127f;
            var id = d != 0 ? 1f / d : 0f;
            scales[b] = (float)(Half)d;
            for (var j = 0; j < Block; j++)
                quants[b * Block + j] = (sbyte)MathF.Round(x[j] * id, MidpointRounding.AwayFromZero);
        }
        return new Q8Rows(quants, scales, rows, cols);
    }

    /// <summary>Rows of several matrices of the same width, one under the other (fused q/k/v, gate/up).</summary>
    public static Q8Rows Stack(params Q8Rows[] parts)
    {
        var cols = parts[0].Cols;
        if (parts.Any(p => p.Cols != cols))
            throw new ArgumentException("only Q8_0 matrices of the same width can be stacked");
        return new Q8Rows(parts.SelectMany(p => p.Quants).ToArray(), parts.SelectMany(p => p.Scales).ToArray(), parts.Sum(p => p.Rows), cols);
    }

    /// <summary>The matrix whose row i is this matrix's row <paramref name="sourceRow"/>[i] (whole rows move with their scales).</summary>
    public Q8Rows SelectRows(IReadOnlyList<int> sourceRow)
    {
        var quants = new sbyte[(long)sourceRow.Count * Cols];
        var scales = new float[(long)sourceRow.Count * BlocksPerRow];
        for (var i = 0; i < sourceRow.Count; i++)
        {
            Quants.AsSpan(sourceRow[i] * Cols, Cols).CopyTo(quants.AsSpan(i * Cols, Cols));
            Scales.AsSpan(sourceRow[i] * BlocksPerRow, BlocksPerRow).CopyTo(scales.AsSpan(i * BlocksPerRow, BlocksPerRow));
        }
        return new Q8Rows(quants, scales, sourceRow.Count, Cols);
    }

    /// <summary>Writes row <paramref name="row"/> widened to float32 (scale · q): the embedding lookup.</summary>
    public void DequantiseRow(int row, Span<float> target)
    {
        for (var b = 0; b < BlocksPerRow; b++)
        {
            var scale = Scales[row * BlocksPerRow + b];
            var q = Quants.AsSpan(row * Cols + b * Block, Block);
            for (var j = 0; j < Block; j++)
                target[b * Block + j] = scale * q[j];
        }
    }
}

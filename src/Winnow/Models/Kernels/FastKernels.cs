using System.Numerics.Tensors;
using Winnow.Tensors;

namespace Winnow.Models.Kernels;

/// <summary>
/// The fast path: projections through <see cref="Gemm"/>, element-wise work through TensorPrimitives, attention as
/// two GEMMs per (sequence, head) — QKᵀ and P·V — run in parallel over sequence × head. Scratch buffers belong to
/// the instance (one per model) and grow to the largest batch seen, so steady-state batches allocate nothing.
/// Not thread-safe: the owning model serialises calls.
/// </summary>
internal sealed class FastKernels(int threads) : IKernels
{
    /// <summary>Causal queries are processed in blocks of this many rows so keys after a block are never multiplied.</summary>
    private const int QueryBlock = 64;

    private readonly int _threads = Math.Max(1, threads);
    private float[][] _scratch = [];
    private float[] _expScratch = [];

    public void Linear(ReadOnlySpan<float> x, int rows, LinearLayer layer, Span<float> y, bool accumulate = false)
    {
        var output = y[..(rows * layer.Out)];
        if (layer.Bias is { } bias)
        {
            // Seed (or add) the bias, then let the GEMM accumulate on top: one pass over y instead of two.
            for (var r = 0; r < rows; r++)
            {
                var row = output.Slice(r * layer.Out, layer.Out);
                if (accumulate)
                    TensorPrimitives.Add(row, bias, row);
                else
                    bias.CopyTo(row);
            }
            accumulate = true;
        }
        Gemm.Multiply(x[..(rows * layer.In)], layer.Weight, output, rows, layer.Out, layer.In, layer.WeightIsOutByIn, accumulate);
    }

    public void LayerNorm(ReadOnlySpan<float> x, Span<float> y, int rows, int dim, float[] gamma, float[] beta, float eps)
    {
        for (var r = 0; r < rows; r++)
        {
            var source = x.Slice(r * dim, dim);
            var target = y.Slice(r * dim, dim);
            var mean = TensorPrimitives.Sum(source) / dim;
            TensorPrimitives.Subtract(source, mean, target);
            var variance = TensorPrimitives.SumOfSquares(target) / dim;
            TensorPrimitives.Multiply(target, 1f / MathF.Sqrt(variance + eps), target);
            TensorPrimitives.MultiplyAdd(target, gamma, beta, target);
        }
    }

    public void RmsNorm(ReadOnlySpan<float> x, Span<float> y, int rows, int dim, float[] gamma, float eps)
    {
        for (var r = 0; r < rows; r++)
        {
            var source = x.Slice(r * dim, dim);
            var target = y.Slice(r * dim, dim);
            var inverse = 1f / MathF.Sqrt(TensorPrimitives.SumOfSquares(source) / dim + eps);
            TensorPrimitives.Multiply(source, inverse, target);
            TensorPrimitives.Multiply(target, gamma, target);
        }
    }

    public void Activate(Span<float> x, Activation activation)
    {
        switch (activation)
        {
            case Activation.GeluTanh:
                GeluTanh(x);
                break;
            case Activation.GeluExact:
                // TensorPrimitives has no erf; the double-precision scalar erf keeps the exact GELU exact.
                for (var i = 0; i < x.Length; i++)
                    x[i] = (float)(0.5 * x[i] * (1 + MathNet.Numerics.SpecialFunctions.Erf(x[i] * 0.70710678118654752)));
                break;
            case Activation.Relu:
                TensorPrimitives.Max(x, 0f, x);
                break;
            default:
                throw new ArgumentOutOfRangeException(nameof(activation));
        }
    }

    /// <summary>0.5·x·(1 + tanh(c·(x + 0.044715·x³))) in vector-friendly chunks (x is overwritten).</summary>
    private static void GeluTanh(Span<float> x)
    {
        const float c = 0.7978845608028654f;
        Span<float> t = stackalloc float[256];
        for (var start = 0; start < x.Length; start += t.Length)
        {
            var chunk = x.Slice(start, Math.Min(t.Length, x.Length - start));
            var inner = t[..chunk.Length];
            TensorPrimitives.Multiply(chunk, chunk, inner);                 // x²
            TensorPrimitives.Multiply(inner, 0.044715f, inner);
            TensorPrimitives.Add(inner, 1f, inner);                         // 1 + 0.044715·x²
            TensorPrimitives.Multiply(inner, chunk, inner);                 // x + 0.044715·x³
            TensorPrimitives.Multiply(inner, c, inner);
            TensorPrimitives.Tanh(inner, inner);
            TensorPrimitives.Add(inner, 1f, inner);
            TensorPrimitives.Multiply(inner, chunk, inner);
            TensorPrimitives.Multiply(inner, 0.5f, chunk);
        }
    }

    public void SwiGlu(ReadOnlySpan<float> gateUp, int rows, int inner, Span<float> y)
    {
        for (var r = 0; r < rows; r++)
        {
            var gate = gateUp.Slice(r * 2 * inner, inner);
            var up = gateUp.Slice(r * 2 * inner + inner, inner);
            var target = y.Slice(r * inner, inner);
            TensorPrimitives.Sigmoid(gate, target);
            TensorPrimitives.Multiply(target, gate, target);
            TensorPrimitives.Multiply(target, up, target);
        }
    }

    public float LogSumExp(ReadOnlySpan<float> row)
    {
        if (_expScratch.Length < row.Length)
            _expScratch = new float[row.Length];
        var shifted = _expScratch.AsSpan(0, row.Length);
        var max = TensorPrimitives.Max(row);
        TensorPrimitives.Subtract(row, max, shifted);
        TensorPrimitives.Exp(shifted, shifted);
        return max + MathF.Log(TensorPrimitives.Sum(shifted));
    }

    public void Attention(in AttentionShape shape, float[] output)
    {
        var s = shape;
        var longest = 0;
        for (var seq = 0; seq < s.Sequences; seq++)
            longest = Math.Max(longest, s.RowStarts[seq + 1] - s.RowStarts[seq]);
        var workers = Math.Min(_threads, s.Sequences * s.Heads);
        EnsureScratch(workers, AttentionScratch.Size(longest, s.HeadSize));
        var tasks = s.Sequences * s.Heads;
        var next = -1;
        Parallel.For(0, workers, new ParallelOptions { MaxDegreeOfParallelism = workers }, worker =>
        {
            var scratch = _scratch[worker];
            int task;
            while ((task = Interlocked.Increment(ref next)) < tasks)
                AttendOne(s, task / s.Heads, task % s.Heads, scratch, output);
        });
    }

    private void EnsureScratch(int workers, int size)
    {
        if (_scratch.Length < workers)
            Array.Resize(ref _scratch, workers);
        for (var w = 0; w < workers; w++)
        {
            if (_scratch[w] is null || _scratch[w].Length < size)
                _scratch[w] = new float[size];
        }
    }

    private static void AttendOne(in AttentionShape s, int seq, int head, float[] scratch, float[] output)
    {
        var first = s.RowStarts[seq];
        var length = s.RowStarts[seq + 1] - first;
        var kvHead = head / (s.Heads / s.KvHeads);
        var hs = s.HeadSize;
        var layout = new AttentionScratch(length, hs);
        var keys = scratch.AsSpan(layout.Keys, length * hs);
        var values = scratch.AsSpan(layout.Values, length * hs);
        for (var t = 0; t < length; t++)
        {
            var row = (first + t) * s.QkvStride;
            s.Qkv.AsSpan(row + s.KeyOffset + kvHead * hs, hs).CopyTo(keys.Slice(t * hs, hs));
            s.Qkv.AsSpan(row + s.ValueOffset + kvHead * hs, hs).CopyTo(values.Slice(t * hs, hs));
        }
        var scale = s.Scale;
        for (var q0 = 0; q0 < length; q0 += QueryBlock)
        {
            var rows = Math.Min(QueryBlock, length - q0);
            // Causal: the block's last query sees keys [0, q0 + rows); an encoder query sees all keys.
            var keyCount = s.Causal ? q0 + rows : length;
            var queries = scratch.AsSpan(layout.Queries, rows * hs);
            for (var t = 0; t < rows; t++)
                TensorPrimitives.Multiply(s.Qkv.AsSpan((first + q0 + t) * s.QkvStride + head * hs, hs), scale, queries.Slice(t * hs, hs));
            var scores = scratch.AsSpan(layout.Scores, rows * keyCount);
            Gemm.Multiply(queries, keys[..(keyCount * hs)], scores, rows, keyCount, hs, bTransposed: true);
            for (var t = 0; t < rows; t++)
            {
                var row = scores.Slice(t * keyCount, keyCount);
                var visible = s.Causal ? q0 + t + 1 : keyCount;
                SoftmaxInPlace(row[..visible]);
                row[visible..].Clear();
            }
            var context = scratch.AsSpan(layout.Context, rows * hs);
            Gemm.Multiply(scores, values[..(keyCount * hs)], context, rows, hs, keyCount, bTransposed: false);
            for (var t = 0; t < rows; t++)
                context.Slice(t * hs, hs).CopyTo(output.AsSpan((first + q0 + t) * s.OutputWidth + head * hs, hs));
        }
    }

    private static void SoftmaxInPlace(Span<float> row)
    {
        var max = TensorPrimitives.Max(row);
        TensorPrimitives.Subtract(row, max, row);
        TensorPrimitives.Exp(row, row);
        TensorPrimitives.Multiply(row, 1f / TensorPrimitives.Sum(row), row);
    }

    /// <summary>Offsets of one worker's attention buffers: keys, values, a query block, its scores and its context.</summary>
    private readonly record struct AttentionScratch(int Length, int HeadSize)
    {
        public int Keys => 0;

        public int Values => Length * HeadSize;

        public int Queries => 2 * Length * HeadSize;

        public int Scores => Queries + QueryBlock * HeadSize;

        public int Context => Scores + QueryBlock * Length;

        public static int Size(int length, int headSize) => new AttentionScratch(length, headSize).Context + QueryBlock * headSize;
    }
}

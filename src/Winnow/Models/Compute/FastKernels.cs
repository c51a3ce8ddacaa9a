using System.Numerics.Tensors;
using Winnow.Tensors;
using Winnow.Tensors.Quantised;

namespace Winnow.Models.Compute;

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

    public void Linear(ReadOnlySpan<float> x, int rows, LinearLayer layer, Span<float> y, bool accumulate = false)
    {
        var output = y[..(rows * layer.Out)];
        if (layer.Bias is { } bias)
        {
            SeedBias(output, rows, bias, accumulate);
            accumulate = true;
        }
        if (layer.Quantised is { } quantised)
            Q8Gemm.Multiply(x[..(rows * layer.In)], rows, quantised, output, accumulate, Gemm.MaxDegreeOfParallelism);
        else
            Gemm.Multiply(x[..(rows * layer.In)], layer.Packed, output, rows, accumulate);
    }

    /// <summary>
    /// Writes (or adds) the bias into every row of <paramref name="output"/>, so the GEMM can accumulate on top: one
    /// pass over y instead of two. Shared with the training forward, which multiplies unpacked weights.
    /// </summary>
    internal static void SeedBias(Span<float> output, int rows, float[] bias, bool accumulate)
    {
        for (var r = 0; r < rows; r++)
        {
            var row = output.Slice(r * bias.Length, bias.Length);
            if (accumulate)
                TensorPrimitives.Add(row, bias, row);
            else
                bias.CopyTo(row);
        }
    }

    public void LayerNorm(ReadOnlySpan<float> x, Span<float> y, int rows, int dim, float[] gamma, float[] beta, float eps) =>
        Tensors.Kernels.LayerNorm(x[..(rows * dim)], gamma, beta, eps, y[..(rows * dim)]);

    public void RmsNorm(ReadOnlySpan<float> x, Span<float> y, int rows, int dim, float[] gamma, float eps) =>
        Tensors.Kernels.RmsNorm(x[..(rows * dim)], gamma, eps, y[..(rows * dim)]);

    public void Activate(Span<float> x, Activation activation)
    {
        switch (activation)
        {
            case Activation.GeluTanh:
                Tensors.Kernels.GeluTanh(x, x);
                break;
            case Activation.GeluExact:
                Tensors.Kernels.Gelu(x, x);
                break;
            case Activation.Relu:
                TensorPrimitives.Max(x, 0f, x);
                break;
            default:
                throw new ArgumentOutOfRangeException(nameof(activation));
        }
    }

    public void SwiGlu(ReadOnlySpan<float> gateUp, int rows, int inner, Span<float> y)
    {
        for (var r = 0; r < rows; r++)
            Tensors.Kernels.SwiGlu(gateUp.Slice(r * 2 * inner, inner), gateUp.Slice(r * 2 * inner + inner, inner), y.Slice(r * inner, inner));
    }

    public float LogSumExp(ReadOnlySpan<float> row) => Tensors.Kernels.LogSumExp(row);

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
            // One thread per GEMM: attention already runs one (sequence, head) per worker.
            Gemm.Multiply(queries, keys[..(keyCount * hs)], scores, rows, keyCount, hs, bTransposed: true, accumulate: false, maxThreads: 1);
            for (var t = 0; t < rows; t++)
            {
                var row = scores.Slice(t * keyCount, keyCount);
                var visible = s.Causal ? q0 + t + 1 : keyCount;
                Tensors.Kernels.Softmax(row[..visible]);
                row[visible..].Clear();
            }
            var context = scratch.AsSpan(layout.Context, rows * hs);
            Gemm.Multiply(scores, values[..(keyCount * hs)], context, rows, hs, keyCount, bTransposed: false, accumulate: false, maxThreads: 1);
            for (var t = 0; t < rows; t++)
                context.Slice(t * hs, hs).CopyTo(output.AsSpan((first + q0 + t) * s.OutputWidth + head * hs, hs));
        }
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

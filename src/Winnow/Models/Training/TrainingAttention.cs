using System.Numerics.Tensors;
using Winnow.Models.Compute;
using Winnow.Tensors;

namespace Winnow.Models.Training;

/// <summary>
/// Multi-head attention for training, forward and backward, over packed sequences (layout in
/// <see cref="AttentionShape"/>). Memory rule: the forward keeps only the output and each query's log-sum-exp of
/// scores (one float per token and head); the backward recomputes every probability p_ij = exp(s_ij − lse_i)
/// from q and k instead of storing the T×T matrix, so attention memory is linear in the sequence length.
/// The forward parallelises over (sequence, head); the backward over (sequence, key/value head), which owns the
/// gradient of its k and v columns and of the query heads that share them (GQA), so no two workers write the
/// same value. Results do not depend on the thread count.
/// </summary>
internal static class TrainingAttention
{
    /// <summary>Query rows per block: bounds the score buffers to QueryBlock × sequence length.</summary>
    private const int QueryBlock = 64;

    /// <summary>
    /// Writes output [rows × Heads·HeadSize] and lse [rows × Heads]. Per (sequence, head) and block of query rows:
    /// S = Q·Kᵀ by GEMM, a masked softmax per row (its log-sum-exp kept), O = P·V by GEMM.
    /// </summary>
    public static void Forward(in AttentionShape shape, float[] output, float[] lse, int threads)
    {
        var s = shape;
        var group = s.Heads / s.KvHeads;
        var hs = s.HeadSize;
        var longest = Longest(s);
        Parallel.For(0, s.Sequences * s.Heads, new ParallelOptions { MaxDegreeOfParallelism = threads }, () => new Scratch(longest, hs), (task, _, w) =>
        {
            var seq = task / s.Heads;
            var h = task % s.Heads;
            var first = s.RowStarts[seq];
            var length = s.RowStarts[seq + 1] - first;
            Gather(s.Qkv, s.QkvStride, first, length, s.KeyOffset + h / group * hs, hs, w.K);
            Gather(s.Qkv, s.QkvStride, first, length, s.ValueOffset + h / group * hs, hs, w.V);
            Gather(s.Qkv, s.QkvStride, first, length, h * hs, hs, w.Q);
            for (var i0 = 0; i0 < length; i0 += QueryBlock)
            {
                var rows = Math.Min(QueryBlock, length - i0);
                var cols = s.Causal ? i0 + rows : length;
                var p = w.P.AsSpan(0, rows * cols);
                Gemm.Multiply(w.Q.AsSpan(i0 * hs, rows * hs), w.K, p, rows, cols, hs, bTransposed: true, accumulate: false, maxThreads: 1);
                for (var r = 0; r < rows; r++)
                {
                    var i = i0 + r;
                    var visible = s.Causal ? i + 1 : length;
                    var row = p.Slice(r * cols, cols);
                    var shown = row[..visible];
                    TensorPrimitives.Multiply(shown, s.Scale, shown);
                    var max = TensorPrimitives.Max(shown);
                    TensorPrimitives.Subtract(shown, max, shown);
                    TensorPrimitives.Exp(shown, shown);
                    var total = TensorPrimitives.Sum(shown);
                    TensorPrimitives.Multiply(shown, 1f / total, shown);
                    row[visible..].Clear();
                    lse[(first + i) * s.Heads + h] = max + MathF.Log(total);
                }
                Gemm.Multiply(p, w.V, w.DQ.AsSpan(0, rows * hs), rows, hs, cols, bTransposed: false, accumulate: false, maxThreads: 1);
                Scatter(w.DQ, rows, hs, output, s.OutputWidth, first + i0, h * hs);
            }
            return w;
        }, _ => { });
    }

    /// <summary>
    /// Given the forward's qkv (after RoPE), output and lse, and dOutput, writes dQkv (same layout as qkv; every
    /// element overwritten). Per (sequence, key/value head) and block of query rows it works with matrices, as
    /// FlashAttention's backward does: S = Q·Kᵀ, P = exp(S·scale − lse) (zero where masked), dP = dO·Vᵀ,
    /// dS = P∘(dP − D)·scale with D_i = dO_i·O_i, then dQ = dS·K, dK += dSᵀ·Q, dV += Pᵀ·dO — five single-threaded
    /// GEMMs on gathered contiguous copies of the head's q, k, v and dO columns.
    /// </summary>
    public static void Backward(in AttentionShape shape, float[] output, float[] lse, float[] dOutput, float[] dQkv, int threads)
    {
        var s = shape;
        var group = s.Heads / s.KvHeads;
        var hs = s.HeadSize;
        var longest = Longest(s);
        Parallel.For(0, s.Sequences * s.KvHeads, new ParallelOptions { MaxDegreeOfParallelism = threads }, () => new Scratch(longest, hs), (task, _, w) =>
        {
            var seq = task / s.KvHeads;
            var kv = task % s.KvHeads;
            var first = s.RowStarts[seq];
            var length = s.RowStarts[seq + 1] - first;
            Gather(s.Qkv, s.QkvStride, first, length, s.KeyOffset + kv * hs, hs, w.K);
            Gather(s.Qkv, s.QkvStride, first, length, s.ValueOffset + kv * hs, hs, w.V);
            Array.Clear(w.DK, 0, length * hs);
            Array.Clear(w.DV, 0, length * hs);
            for (var h = kv * group; h < (kv + 1) * group; h++)
            {
                Gather(s.Qkv, s.QkvStride, first, length, h * hs, hs, w.Q);
                Gather(dOutput, s.OutputWidth, first, length, h * hs, hs, w.DO);
                for (var i = 0; i < length; i++)
                    w.D[i] = TensorPrimitives.Dot(w.DO.AsSpan(i * hs, hs), output.AsSpan((first + i) * s.OutputWidth + h * hs, hs));
                for (var i0 = 0; i0 < length; i0 += QueryBlock)
                {
                    var rows = Math.Min(QueryBlock, length - i0);
                    var cols = s.Causal ? i0 + rows : length;
                    var q = w.Q.AsSpan(i0 * hs, rows * hs);
                    var dO = w.DO.AsSpan(i0 * hs, rows * hs);
                    var p = w.P.AsSpan(0, rows * cols);
                    var dS = w.DS.AsSpan(0, rows * cols);
                    Gemm.Multiply(q, w.K, p, rows, cols, hs, bTransposed: true, accumulate: false, maxThreads: 1);
                    Gemm.Multiply(dO, w.V, dS, rows, cols, hs, bTransposed: true, accumulate: false, maxThreads: 1);
                    for (var r = 0; r < rows; r++)
                    {
                        var i = i0 + r;
                        var visible = s.Causal ? i + 1 : length;
                        var pRow = p.Slice(r * cols, cols);
                        var dRow = dS.Slice(r * cols, cols);
                        var shown = pRow[..visible];
                        TensorPrimitives.Multiply(shown, s.Scale, shown);
                        TensorPrimitives.Subtract(shown, lse[(first + i) * s.Heads + h], shown);
                        TensorPrimitives.Exp(shown, shown);
                        var dShown = dRow[..visible];
                        TensorPrimitives.Subtract(dShown, w.D[i], dShown);
                        TensorPrimitives.Multiply(dShown, shown, dShown);
                        TensorPrimitives.Multiply(dShown, s.Scale, dShown);
                        pRow[visible..].Clear();
                        dRow[visible..].Clear();
                    }
                    var dQ = w.DQ.AsSpan(0, rows * hs);
                    Gemm.Multiply(dS, w.K, dQ, rows, hs, cols, bTransposed: false, accumulate: false, maxThreads: 1);
                    Gemm.MultiplyTransposedA(dS, q, w.DK, cols, hs, rows, bTransposed: false, accumulate: true, maxThreads: 1);
                    Gemm.MultiplyTransposedA(p, dO, w.DV, cols, hs, rows, bTransposed: false, accumulate: true, maxThreads: 1);
                    Scatter(w.DQ, rows, hs, dQkv, s.QkvStride, first + i0, h * hs);
                }
            }
            Scatter(w.DK, length, hs, dQkv, s.QkvStride, first, s.KeyOffset + kv * hs);
            Scatter(w.DV, length, hs, dQkv, s.QkvStride, first, s.ValueOffset + kv * hs);
            return w;
        }, _ => { });
    }

    /// <summary>Copies rows [first, first + count) of one width-wide column block (at column) of a strided matrix into dst, contiguous.</summary>
    private static void Gather(float[] source, int stride, int first, int count, int column, int width, float[] dst)
    {
        for (var t = 0; t < count; t++)
            source.AsSpan((first + t) * stride + column, width).CopyTo(dst.AsSpan(t * width, width));
    }

    /// <summary>The inverse of <see cref="Gather"/>: writes count contiguous rows of src into a column block of a strided matrix.</summary>
    private static void Scatter(float[] src, int count, int width, float[] target, int stride, int first, int column)
    {
        for (var t = 0; t < count; t++)
            src.AsSpan(t * width, width).CopyTo(target.AsSpan((first + t) * stride + column, width));
    }

    /// <summary>One worker's buffers, sized for the longest sequence (the forward uses K, V, Q, P and DQ as its output block).</summary>
    private sealed class Scratch(int longest, int headSize)
    {
        public readonly float[] K = new float[longest * headSize], V = new float[longest * headSize];
        public readonly float[] Q = new float[longest * headSize], DO = new float[longest * headSize];
        public readonly float[] DK = new float[longest * headSize], DV = new float[longest * headSize];
        public readonly float[] DQ = new float[QueryBlock * headSize], D = new float[longest];
        public readonly float[] P = new float[QueryBlock * longest], DS = new float[QueryBlock * longest];
    }

    private static int Longest(in AttentionShape s)
    {
        var longest = 0;
        for (var seq = 0; seq < s.Sequences; seq++)
            longest = Math.Max(longest, s.RowStarts[seq + 1] - s.RowStarts[seq]);
        return longest;
    }
}

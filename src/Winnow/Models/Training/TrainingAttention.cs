using System.Numerics.Tensors;
using Winnow.Models.Compute;

namespace Winnow.Models.Training;

/// <summary>
/// Multi-head attention for training, forward and backward, over packed sequences (layout in
/// <see cref="AttentionShape"/>). Memory rule: the forward keeps only the output and each query's log-sum-exp of
/// scores (one float per token and head); the backward recomputes every probability p_ij = exp(s_ij − lse_i)
/// from q and k instead of storing the T×T matrix, so attention memory is linear in the sequence length.
/// The forward parallelises over (sequence, head); the backward over (sequence, key/value head), which owns the
/// gradient of its k and v columns and of the query heads that share them (GQA), so no two workers write the
/// same value.
/// </summary>
internal static class TrainingAttention
{
    /// <summary>Writes output [rows × Heads·HeadSize] and lse [rows × Heads].</summary>
    public static void Forward(in AttentionShape shape, float[] output, float[] lse, int threads)
    {
        var s = shape;
        var group = s.Heads / s.KvHeads;
        Parallel.For(0, s.Sequences * s.Heads, new ParallelOptions { MaxDegreeOfParallelism = threads }, () => new float[Longest(s)], (task, _, scores) =>
        {
            var seq = task / s.Heads;
            var h = task % s.Heads;
            var first = s.RowStarts[seq];
            var length = s.RowStarts[seq + 1] - first;
            var hs = s.HeadSize;
            var keyColumn = s.KeyOffset + h / group * hs;
            var valueColumn = s.ValueOffset + h / group * hs;
            for (var i = 0; i < length; i++)
            {
                var q = s.Qkv.AsSpan((first + i) * s.QkvStride + h * hs, hs);
                var visible = s.Causal ? i + 1 : length;
                var row = scores.AsSpan(0, visible);
                for (var j = 0; j < visible; j++)
                    row[j] = TensorPrimitives.Dot(q, s.Qkv.AsSpan((first + j) * s.QkvStride + keyColumn, hs)) * s.Scale;
                var max = TensorPrimitives.Max(row);
                TensorPrimitives.Subtract(row, max, row);
                TensorPrimitives.Exp(row, row);
                var total = TensorPrimitives.Sum(row);
                TensorPrimitives.Multiply(row, 1f / total, row);
                var o = output.AsSpan((first + i) * s.OutputWidth + h * hs, hs);
                o.Clear();
                for (var j = 0; j < visible; j++)
                    TensorPrimitives.MultiplyAdd(s.Qkv.AsSpan((first + j) * s.QkvStride + valueColumn, hs), row[j], o, o);
                lse[(first + i) * s.Heads + h] = max + MathF.Log(total);
            }
            return scores;
        }, _ => { });
    }

    /// <summary>
    /// Given the forward's qkv (after RoPE), output and lse, and dOutput, writes dQkv (same layout as qkv; every
    /// element overwritten).
    /// </summary>
    public static void Backward(in AttentionShape shape, float[] output, float[] lse, float[] dOutput, float[] dQkv, int threads)
    {
        var s = shape;
        var group = s.Heads / s.KvHeads;
        var hs = s.HeadSize;
        Parallel.For(0, s.Sequences * s.KvHeads, new ParallelOptions { MaxDegreeOfParallelism = threads }, task =>
        {
            var seq = task / s.KvHeads;
            var kv = task % s.KvHeads;
            var first = s.RowStarts[seq];
            var length = s.RowStarts[seq + 1] - first;
            var keyColumn = s.KeyOffset + kv * hs;
            var valueColumn = s.ValueOffset + kv * hs;
            for (var t = 0; t < length; t++)
            {
                dQkv.AsSpan((first + t) * s.QkvStride + keyColumn, hs).Clear();
                dQkv.AsSpan((first + t) * s.QkvStride + valueColumn, hs).Clear();
            }
            for (var h = kv * group; h < (kv + 1) * group; h++)
            {
                for (var i = 0; i < length; i++)
                {
                    var q = s.Qkv.AsSpan((first + i) * s.QkvStride + h * hs, hs);
                    var dO = dOutput.AsSpan((first + i) * s.OutputWidth + h * hs, hs);
                    var dq = dQkv.AsSpan((first + i) * s.QkvStride + h * hs, hs);
                    dq.Clear();
                    // D_i = dO_i·O_i = Σ_j p_ij·(dO_i·v_j): the softmax backward's subtracted term.
                    var dotOut = TensorPrimitives.Dot(dO, output.AsSpan((first + i) * s.OutputWidth + h * hs, hs));
                    var rowLse = lse[(first + i) * s.Heads + h];
                    var visible = s.Causal ? i + 1 : length;
                    for (var j = 0; j < visible; j++)
                    {
                        var k = s.Qkv.AsSpan((first + j) * s.QkvStride + keyColumn, hs);
                        var v = s.Qkv.AsSpan((first + j) * s.QkvStride + valueColumn, hs);
                        var p = MathF.Exp(TensorPrimitives.Dot(q, k) * s.Scale - rowLse);
                        var dScore = p * (TensorPrimitives.Dot(dO, v) - dotOut) * s.Scale;
                        TensorPrimitives.MultiplyAdd(k, dScore, dq, dq);
                        var dk = dQkv.AsSpan((first + j) * s.QkvStride + keyColumn, hs);
                        TensorPrimitives.MultiplyAdd(q, dScore, dk, dk);
                        var dv = dQkv.AsSpan((first + j) * s.QkvStride + valueColumn, hs);
                        TensorPrimitives.MultiplyAdd(dO, p, dv, dv);
                    }
                }
            }
        });
    }

    private static int Longest(in AttentionShape s)
    {
        var longest = 0;
        for (var seq = 0; seq < s.Sequences; seq++)
            longest = Math.Max(longest, s.RowStarts[seq + 1] - s.RowStarts[seq]);
        return longest;
    }
}

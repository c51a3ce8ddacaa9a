using System.Numerics.Tensors;
using Winnow.Tensors;

namespace Winnow.Embedding.UseLite;

/// <summary>
/// One layer of USE-lite's "KonaTransformer" (tensor2tensor style, pre-norm): x + MHA(LN(x)), then
/// h + FFN(LN(h)) with a ReLU feed-forward. Layer 0 widens 256 → 512: its residual goes through a dense
/// projection (AdjustResidualInput) and its attention works at the input width. Kernels are stored transposed
/// ([out × in]) for <see cref="Gemm.Multiply"/>. Activations are packed: the rows of all sentences of a chunk
/// follow each other with no padding, since only attention mixes rows and it runs per sentence.
/// </summary>
internal sealed class UseLiteLayer
{
    private const string Apply = "module_apply_default/Encoder_en/KonaTransformer/Encode/";
    private const string Variables = "module/Encoder_en/KonaTransformer/Encode/";

    private UseLiteLayer()
    {
    }

    public int InputDim { get; private init; }

    public int Width { get; private init; }

    private int AttentionDim { get; init; }

    private int HeadDim { get; init; }

    private int FfnDim { get; init; }

    private float QueryScale { get; init; }

    private float Epsilon { get; init; }

    private float[] Norm1Scale { get; init; } = [];

    private float[] Norm1Bias { get; init; } = [];

    private float[] Qkv { get; init; } = [];

    private float[] QkvBias { get; init; } = [];

    private float[] Output { get; init; } = [];

    private float[] OutputBias { get; init; } = [];

    /// <summary>Layer 0's dense projection of the residual to the wider output (kernel, bias); null when widths match.</summary>
    private (float[] Kernel, float[] Bias)? Residual { get; init; }

    private float[] Norm2Scale { get; init; } = [];

    private float[] Norm2Bias { get; init; } = [];

    private float[] Ffn1 { get; init; } = [];

    private float[] Ffn1Bias { get; init; } = [];

    private float[] Ffn2 { get; init; } = [];

    private float[] Ffn2Bias { get; init; } = [];

    /// <summary>Name of a weight that exists exactly when layer <paramref name="index"/> does.</summary>
    public static string MarkerWeight(int index) => $"{Variables}Layer_{index}/TransformerLayer/MultiheadAttention/output_transform_single/kernel/part_0";

    public static UseLiteLayer Load(TfjsWeights w, int index, int inputDim, float epsilon)
    {
        var layer = $"Layer_{index}/TransformerLayer/";
        var vars = Apply + layer;
        var stack = Apply + "TransformerStack/" + layer;
        var width = w.Shape(MarkerWeight(index))[^1];
        var ffnDim = w.Shape(stack + "FFN/conv1/Tensordot/Reshape_1")[^1];
        var headDim = w.IntScalar(stack + "MultiheadAttention/split_heads/split_last_dimension/Reshape/shape/3");
        // The attention width equals the layer's input width (256 in layer 0, 512 in layer 1).
        var attention = inputDim;
        var widens = inputDim != width;
        return new UseLiteLayer
        {
            InputDim = inputDim,
            Width = width,
            AttentionDim = attention,
            HeadDim = headDim,
            FfnDim = ffnDim,
            QueryScale = w.FloatScalar(stack + "MultiheadAttention/mul/y"),
            Epsilon = epsilon,
            Norm1Scale = w.Floats(vars + "layer_prepostprocess/layer_norm/layer_norm_scale/ConcatPartitions/concat", inputDim),
            Norm1Bias = w.Floats(vars + "layer_prepostprocess/layer_norm/layer_norm_bias/ConcatPartitions/concat", inputDim),
            Qkv = Transpose.Of(w.Floats(Variables + layer + "MultiheadAttention/qkv_transform_single/kernel/part_0", 1, 1, inputDim, 3 * attention), inputDim, 3 * attention),
            QkvBias = w.Floats(vars + "MultiheadAttention/qkv_transform_single/bias/ConcatPartitions/concat", 3 * attention),
            Output = Transpose.Of(w.Floats(Variables + layer + "MultiheadAttention/output_transform_single/kernel/part_0", 1, 1, attention, width), attention, width),
            OutputBias = w.Floats(vars + "MultiheadAttention/output_transform_single/bias/ConcatPartitions/concat", width),
            Residual = widens
                ? (Transpose.Of(w.Floats(vars + "dense/kernel/ConcatPartitions/concat", inputDim, width), inputDim, width), w.Floats(vars + "dense/bias/ConcatPartitions/concat", width))
                : null,
            Norm2Scale = w.Floats(vars + "FFN/layer_prepostprocess/layer_norm/layer_norm_scale/ConcatPartitions/concat", width),
            Norm2Bias = w.Floats(vars + "FFN/layer_prepostprocess/layer_norm/layer_norm_bias/ConcatPartitions/concat", width),
            Ffn1 = Transpose.Of(w.Floats(stack + "FFN/conv1/Tensordot/Reshape_1", width, ffnDim), width, ffnDim),
            Ffn1Bias = w.Floats(vars + "FFN/conv1/bias/ConcatPartitions/concat", ffnDim),
            Ffn2 = Transpose.Of(w.Floats(stack + "FFN/conv2/Tensordot/Reshape_1", ffnDim, width), ffnDim, width),
            Ffn2Bias = w.Floats(vars + "FFN/conv2/bias/ConcatPartitions/concat", width),
        };
    }

    /// <summary>Runs the layer on packed rows [rows × InputDim]; <paramref name="lengths"/> gives each sentence's row count.</summary>
    public float[] Forward(float[] x, IReadOnlyList<int> lengths)
    {
        var rows = x.Length / InputDim;
        var normed = new float[rows * InputDim];
        RowKernels.LayerNorm(x, normed, Norm1Scale, Norm1Bias, Epsilon);

        float[] h;
        if (Residual is { } projection)
        {
            h = new float[rows * Width];
            Gemm.Multiply(x, projection.Kernel, h, rows, Width, InputDim, bTransposed: true);
            RowKernels.AddBias(h, projection.Bias);
        }
        else
        {
            h = (float[])x.Clone();
        }

        var qkv = new float[rows * 3 * AttentionDim];
        Gemm.Multiply(normed, Qkv, qkv, rows, 3 * AttentionDim, InputDim, bTransposed: true);
        RowKernels.AddBias(qkv, QkvBias);
        var attended = Attend(qkv, lengths, rows);
        Gemm.Multiply(attended, Output, h, rows, Width, AttentionDim, bTransposed: true, accumulate: true);
        RowKernels.AddBias(h, OutputBias);

        var normed2 = new float[rows * Width];
        RowKernels.LayerNorm(h, normed2, Norm2Scale, Norm2Bias, Epsilon);
        var hidden = new float[rows * FfnDim];
        Gemm.Multiply(normed2, Ffn1, hidden, rows, FfnDim, Width, bTransposed: true);
        RowKernels.AddBias(hidden, Ffn1Bias);
        TensorPrimitives.Max(hidden, 0f, hidden);
        Gemm.Multiply(hidden, Ffn2, h, rows, Width, FfnDim, bTransposed: true, accumulate: true);
        RowKernels.AddBias(h, Ffn2Bias);
        return h;
    }

    /// <summary>Multi-head scaled dot-product attention within each sentence (no sentence sees another's rows).</summary>
    private float[] Attend(float[] qkv, IReadOnlyList<int> lengths, int rows)
    {
        var stride = 3 * AttentionDim;
        var attended = new float[rows * AttentionDim];
        var longest = lengths.Count == 0 ? 0 : lengths.Max();
        var q = new float[longest * HeadDim];
        var k = new float[longest * HeadDim];
        var v = new float[longest * HeadDim];
        var scores = new float[longest * longest];
        var context = new float[longest * HeadDim];
        var first = 0;
        foreach (var n in lengths)
        {
            for (var head = 0; head < AttentionDim / HeadDim; head++)
            {
                for (var i = 0; i < n; i++)
                {
                    var source = qkv.AsSpan((first + i) * stride + head * HeadDim);
                    TensorPrimitives.Multiply(source[..HeadDim], QueryScale, q.AsSpan(i * HeadDim, HeadDim));
                    source.Slice(AttentionDim, HeadDim).CopyTo(k.AsSpan(i * HeadDim));
                    source.Slice(2 * AttentionDim, HeadDim).CopyTo(v.AsSpan(i * HeadDim));
                }
                Gemm.Multiply(q, k, scores, n, n, HeadDim, bTransposed: true);
                RowKernels.Softmax(scores.AsSpan(0, n * n), n);
                Gemm.Multiply(scores, v, context, n, HeadDim, n, bTransposed: false);
                for (var i = 0; i < n; i++)
                    context.AsSpan(i * HeadDim, HeadDim).CopyTo(attended.AsSpan((first + i) * AttentionDim + head * HeadDim));
            }
            first += n;
        }
        return attended;
    }
}

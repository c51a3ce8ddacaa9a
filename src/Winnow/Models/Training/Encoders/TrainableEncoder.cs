using System.Numerics.Tensors;
using Winnow.Models.Compute;
using Winnow.Models.Encoders;
using Winnow.Tensors;

namespace Winnow.Models.Training.Encoders;

/// <summary>
/// A BERT/RoBERTa/XLM-R encoder for training: the forward of <see cref="EncoderModel"/> over a packed batch (no
/// padding; bidirectional attention within each row; post-LN layers; exact or tanh GELU), keeping activations by
/// the rule in <see cref="EncoderActivations"/>, and its backward written out op by op from
/// <see cref="KernelsBackward"/> and <see cref="TrainingAttention"/>. Heads read any of the L + 1 hidden states
/// (embedding output, then each layer's) after <see cref="Forward"/> and add their loss's gradient into
/// <see cref="HiddenGradient"/>; <see cref="Backward"/> then adds every weight's gradient into the buffers (so
/// micro-batches accumulate). The pooler, when the checkpoint has one, is a <see cref="DenseStack"/> on the same
/// weights. Token type ids are all 0, as in the forward. Not thread-safe.
/// </summary>
internal sealed class TrainableEncoder
{
    private readonly EncoderActivations _acts;
    private readonly int _threads;
    private float[][] _dHidden;
    private float[] _dResidual = [], _dSum = [], _dMid = [], _dSum1 = [], _dAttention = [], _dQkv = [], _dInner = [];
    private PackedBatch? _batch;

    public TrainableEncoder(EncoderSpec spec, EncoderWeights weights, int threads)
    {
        Spec = spec;
        Weights = weights;
        Parameters = EncoderParameters.List(spec, weights);
        Pooler = weights.Pooler is { } pooler ? new DenseStack([("pooler.dense", pooler, DenseActivation.Tanh)]) : null;
        _acts = new EncoderActivations(spec);
        _threads = Math.Max(1, threads);
        _dHidden = Enumerable.Range(0, spec.Layers + 1).Select(_ => Array.Empty<float>()).ToArray();
    }

    /// <summary>Loads the encoder of a Hugging Face folder's weights, with or without the <c>bert.</c>/<c>roberta.</c> prefix of head checkpoints.</summary>
    public static TrainableEncoder Load(ModelConfig config, IWeightSource weights, int threads)
    {
        var spec = EncoderSpec.FromConfig(config);
        return new TrainableEncoder(spec, EncoderWeights.Load(spec, weights), threads);
    }

    public EncoderSpec Spec { get; }

    public EncoderWeights Weights { get; }

    /// <summary>Every weight (pooler included when present), by Hugging Face name without a head prefix.</summary>
    public IReadOnlyList<TrainableTensor> Parameters { get; }

    public DenseStack? Pooler { get; }

    /// <summary>Longest row the position table allows.</summary>
    public int MaxTokens => Spec.RobertaPositions ? Spec.MaxPositions - Spec.PadId - 1 : Spec.MaxPositions;

    /// <summary>The packed batch of the last forward.</summary>
    public PackedBatch Batch => _batch ?? throw new InvalidOperationException("no forward has run");

    /// <summary>Runs the encoder on the rows (ids with their special tokens) and zeroes the hidden-state gradients.</summary>
    public PackedBatch Forward(IReadOnlyList<int[]> rows)
    {
        var batch = PackedBatch.Create(rows, Spec.Vocab, Spec.MaxPositions, Spec.PositionOf);
        for (var r = 0; r < batch.Rows; r++)
        {
            if (batch.Length(r) == 0)
                throw new ArgumentException($"row {r} is empty; an encoder row needs at least its first special token");
        }
        _batch = batch;
        var n = batch.Tokens;
        var d = Spec.Hidden;
        Ensure(n);
        var sum = _acts.EmbeddingSum;
        for (var i = 0; i < n; i++)
        {
            var target = sum.AsSpan(i * d, d);
            Weights.WordEmbedding.AsSpan(batch.Ids[i] * d, d).CopyTo(target);
            TensorPrimitives.Add(target, Weights.PositionEmbedding.AsSpan(batch.Positions[i] * d, d), target);
            TensorPrimitives.Add(target, Weights.TokenTypeEmbedding.AsSpan(0, d), target);
        }
        Norm(Weights.EmbeddingNorm, sum, HiddenBuffer(0), n);
        for (var l = 0; l < Spec.Layers; l++)
        {
            var a = _acts.Layers[l];
            var w = Weights.Layers[l];
            TrainingLinear.Forward(a.Input, n, w.Qkv, a.Qkv);
            TrainingAttention.Forward(Shape(a.Qkv, batch), a.Attention, a.Lse, _threads);
            a.Input.AsSpan(0, n * d).CopyTo(a.Sum1);
            TrainingLinear.Forward(a.Attention, n, w.AttentionOutput, a.Sum1, accumulate: true);
            Norm(w.AttentionNorm, a.Sum1, a.Mid, n);
            TrainingLinear.Forward(a.Mid, n, w.Intermediate, a.Up);
            a.Up.AsSpan(0, n * Spec.Inner).CopyTo(a.Activated);
            Activate(a.Activated.AsSpan(0, n * Spec.Inner));
            a.Mid.AsSpan(0, n * d).CopyTo(a.Sum2);
            TrainingLinear.Forward(a.Activated, n, w.Output, a.Sum2, accumulate: true);
            Norm(w.OutputNorm, a.Sum2, HiddenBuffer(l + 1), n);
        }
        foreach (var g in _dHidden)
            Array.Clear(g, 0, n * d);
        return batch;
    }

    /// <summary>Hidden state k of the last forward [tokens × hidden]: 0 the embedding output, k the output of layer k.</summary>
    public ReadOnlySpan<float> Hidden(int k) => HiddenBuffer(k).AsSpan(0, Batch.Tokens * Spec.Hidden);

    /// <summary>dL/d(hidden state k), zeroed by the forward; heads add into it before <see cref="Backward"/>.</summary>
    public Span<float> HiddenGradient(int k) => _dHidden[k].AsSpan(0, Batch.Tokens * Spec.Hidden);

    /// <summary>Each row's first token ([CLS] / &lt;s&gt;) of hidden state k, into <paramref name="destination"/> [rows × hidden].</summary>
    public void FirstTokens(int k, Span<float> destination)
    {
        var d = Spec.Hidden;
        var hidden = Hidden(k);
        for (var r = 0; r < Batch.Rows; r++)
            hidden.Slice(Batch.RowStarts[r] * d, d).CopyTo(destination.Slice(r * d, d));
    }

    /// <summary>Adds a gradient with respect to each row's first token of hidden state k.</summary>
    public void AddFirstTokenGradient(int k, ReadOnlySpan<float> gradient)
    {
        var d = Spec.Hidden;
        var target = HiddenGradient(k);
        for (var r = 0; r < Batch.Rows; r++)
        {
            var row = target.Slice(Batch.RowStarts[r] * d, d);
            TensorPrimitives.Add(row, gradient.Slice(r * d, d), row);
        }
    }

    /// <summary>Adds dL/d(every weight) into <paramref name="g"/>, from the hidden-state gradients the heads left.</summary>
    public void Backward(Gradients g)
    {
        var batch = Batch;
        var n = batch.Tokens;
        var d = Spec.Hidden;
        var size = n * d;
        _dHidden[Spec.Layers].AsSpan(0, size).CopyTo(_dResidual);
        for (var l = Spec.Layers - 1; l >= 0; l--)
        {
            var a = _acts.Layers[l];
            var w = Weights.Layers[l];
            // out = LN2(sum2), sum2 = mid + W_out·act(W_in·mid).
            Array.Clear(_dSum, 0, size);
            NormBackward(w.OutputNorm, a.Sum2, _dResidual, _dSum, n, g);
            TrainingLinear.Backward(a.Activated, _dSum, n, w.Output, g, _dInner);
            ActivationBackward(a.Up.AsSpan(0, n * Spec.Inner), _dInner.AsSpan(0, n * Spec.Inner));
            TrainingLinear.Backward(a.Mid, _dInner, n, w.Intermediate, g, _dMid);
            TensorPrimitives.Add(_dMid.AsSpan(0, size), _dSum.AsSpan(0, size), _dMid.AsSpan(0, size));
            // mid = LN1(sum1), sum1 = input + W_o·attention(qkv(input)).
            Array.Clear(_dSum1, 0, size);
            NormBackward(w.AttentionNorm, a.Sum1, _dMid, _dSum1, n, g);
            TrainingLinear.Backward(a.Attention, _dSum1, n, w.AttentionOutput, g, _dAttention);
            TrainingAttention.Backward(Shape(a.Qkv, batch), a.Attention, a.Lse, _dAttention, _dQkv, _threads);
            TrainingLinear.Backward(a.Input, _dQkv, n, w.Qkv, g, _dResidual);
            TensorPrimitives.Add(_dResidual.AsSpan(0, size), _dSum1.AsSpan(0, size), _dResidual.AsSpan(0, size));
            TensorPrimitives.Add(_dResidual.AsSpan(0, size), _dHidden[l].AsSpan(0, size), _dResidual.AsSpan(0, size));
        }
        Array.Clear(_dSum, 0, size);
        NormBackward(Weights.EmbeddingNorm, _acts.EmbeddingSum, _dResidual, _dSum, n, g);
        var dEmbedded = _dSum.AsSpan(0, size);
        KernelsBackward.EmbeddingRows(batch.Ids, dEmbedded, g.Of(Weights.WordEmbedding), d);
        KernelsBackward.EmbeddingRows(batch.Positions, dEmbedded, g.Of(Weights.PositionEmbedding), d);
        var tokenType = g.Of(Weights.TokenTypeEmbedding).AsSpan(0, d);
        for (var t = 0; t < n; t++)
            TensorPrimitives.Add(tokenType, dEmbedded.Slice(t * d, d), tokenType);
    }

    private float[] HiddenBuffer(int k) => k < Spec.Layers ? _acts.Layers[k].Input : _acts.Final;

    private void Ensure(int n)
    {
        _acts.Ensure(n);
        var d = Spec.Hidden;
        foreach (var k in Enumerable.Range(0, _dHidden.Length))
            EncoderActivations.Grow(ref _dHidden[k], n * d);
        EncoderActivations.Grow(ref _dResidual, n * d);
        EncoderActivations.Grow(ref _dSum, n * d);
        EncoderActivations.Grow(ref _dMid, n * d);
        EncoderActivations.Grow(ref _dSum1, n * d);
        EncoderActivations.Grow(ref _dAttention, n * d);
        EncoderActivations.Grow(ref _dQkv, n * 3 * d);
        EncoderActivations.Grow(ref _dInner, n * Spec.Inner);
    }

    private AttentionShape Shape(float[] qkv, PackedBatch batch) =>
        new(qkv, 3 * Spec.Hidden, batch.RowStarts, Spec.Heads, Spec.Heads, Spec.HeadSize, Causal: false);

    private static void Norm(NormWeights norm, float[] x, float[] y, int rows)
    {
        var size = rows * norm.Gamma.Length;
        Tensors.Kernels.LayerNorm(x.AsSpan(0, size), norm.Gamma, norm.Beta!, norm.Eps, y.AsSpan(0, size));
    }

    private void NormBackward(NormWeights norm, float[] input, float[] dOutput, float[] dInput, int n, Gradients g)
    {
        var size = n * norm.Gamma.Length;
        KernelsBackward.LayerNorm(input.AsSpan(0, size), norm.Gamma, norm.Eps, dOutput.AsSpan(0, size), dInput, g.Of(norm.Gamma), g.Of(norm.Beta), _threads);
    }

    private void Activate(Span<float> x)
    {
        switch (Spec.Activation)
        {
            case Activation.GeluExact:
                Tensors.Kernels.Gelu(x, x);
                break;
            case Activation.GeluTanh:
                Tensors.Kernels.GeluTanh(x, x);
                break;
            case Activation.Relu:
                TensorPrimitives.Max(x, 0f, x);
                break;
            default:
                throw new NotSupportedException($"no training support for activation {Spec.Activation}");
        }
    }

    /// <summary>dInner ← act'(up)·dInner, in place.</summary>
    private void ActivationBackward(ReadOnlySpan<float> up, Span<float> dInner)
    {
        switch (Spec.Activation)
        {
            case Activation.GeluExact:
                KernelsBackward.Gelu(up, dInner, dInner);
                break;
            case Activation.GeluTanh:
                KernelsBackward.GeluTanh(up, dInner, dInner);
                break;
            case Activation.Relu:
                KernelsBackward.Relu(up, dInner, dInner);
                break;
            default:
                throw new NotSupportedException($"no backward for activation {Spec.Activation}");
        }
    }
}

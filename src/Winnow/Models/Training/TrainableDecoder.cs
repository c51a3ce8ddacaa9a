using System.Numerics.Tensors;
using Winnow.Models.Compute;
using Winnow.Models.Decoders;
using Winnow.Models.Training.Lora;
using Winnow.Tensors;

namespace Winnow.Models.Training;

/// <summary>
/// A decoder (GPT-2, Llama, Mistral, Qwen2) that computes the loss of a packed batch and its gradient with respect
/// to every weight. The forward mirrors <see cref="DecoderModel"/> but reads the weights unpacked (they change
/// every step) and keeps activations by the rule in <see cref="DecoderActivations"/>; the backward is written
/// out op by op (llm.c style) from <see cref="KernelsBackward"/> and <see cref="TrainingAttention"/>.
/// Loss: Σ over the scored positions of −log p(ids[i] | ids[&lt;i]), times <c>scale</c> (1 / scored count gives the
/// mean). Gradients ADD into the given buffers, so micro-batches accumulate. Weights are float32 master copies,
/// updated in place by an optimiser. Not thread-safe; GEMMs use <see cref="Gemm.MaxDegreeOfParallelism"/> threads
/// and attention <c>threads</c>.
/// With LoRA adapters the base weights are frozen: <see cref="Parameters"/> lists only the adapters' A and B, the
/// backward skips every base weight gradient (and the embedding's), and only the input gradients flow through the
/// base layers.
/// </summary>
internal sealed class TrainableDecoder
{
    /// <summary>
    /// Scored rows sent through the vocabulary projection at once: as many as keep the logits within 2²⁵ floats
    /// (128 MiB), between 128 and 512. Each chunk packs the head weight afresh for its three GEMMs, so on GPT-2's
    /// 50,257-word head a 128-row chunk spent about a third of the head's time packing.
    /// </summary>
    private readonly int _headChunk;

    private readonly DecoderActivations _acts;
    private readonly int _threads;
    private float[] _dResidual = [], _dMid = [], _dNormed = [], _dQkv = [], _dAttention = [], _dUp = [], _dActivated = [];
    private float[] _headInput = [], _headNormed = [], _logits = [], _dHeadNormed = [];
    private double[] _rowLoss = [];
    private readonly float[] _frozenGamma, _frozenBeta;

    public TrainableDecoder(DecoderSpec spec, DecoderWeights weights, int threads, LoraAdapters? lora = null)
    {
        Spec = spec;
        Weights = weights;
        Lora = lora;
        Parameters = lora?.Parameters ?? DecoderParameters.List(spec, weights);
        _frozenGamma = new float[lora is null ? 0 : spec.Hidden];
        _frozenBeta = new float[lora is null ? 0 : spec.Hidden];
        _acts = new DecoderActivations(spec);
        _threads = Math.Max(1, threads);
        _headChunk = Math.Max(DecoderWorkspace.HeadChunk, Math.Min(512, (1 << 25) / spec.Vocab));
    }

    public DecoderSpec Spec { get; }

    public DecoderWeights Weights { get; }

    /// <summary>The adapters being trained, or null when every weight is.</summary>
    public LoraAdapters? Lora { get; }

    public IReadOnlyList<TrainableTensor> Parameters { get; }

    public Gradients NewGradients() => new(Parameters);

    /// <summary>Runs forward and backward; returns the unscaled sum of the scored tokens' negative log-likelihoods.</summary>
    /// <param name="scoredPositions">Per row, positions i ≥ 1 whose token is predicted from the tokens before it.</param>
    public double Backpropagate(IReadOnlyList<int[]> rows, IReadOnlyList<int[]> scoredPositions, float scale, Gradients gradients)
    {
        if (scoredPositions.Count != rows.Count)
            throw new ArgumentException($"{scoredPositions.Count} position lists for {rows.Count} rows");
        var batch = PackedBatch.Create(rows, Spec.Vocab, Spec.MaxPositions, static (_, t) => t);
        var targets = new List<int>();
        for (var r = 0; r < rows.Count; r++)
        {
            foreach (var i in scoredPositions[r])
            {
                if (i < 1 || i >= rows[r].Length)
                    throw new ArgumentOutOfRangeException(nameof(scoredPositions), $"row {r}: scored position {i} outside [1, {rows[r].Length})");
                targets.Add(batch.RowStarts[r] + i);
            }
        }
        var n = batch.Tokens;
        Ensure(n);
        Forward(batch);
        Array.Clear(_dResidual, 0, n * Spec.Hidden);
        var loss = HeadLossAndBackward(batch, targets, scale, gradients);
        for (var l = Spec.Layers - 1; l >= 0; l--)
            LayerBackward(l, batch, gradients);
        if (Lora is null)
            EmbeddingBackward(batch, gradients);
        return loss;
    }

    private void Ensure(int n)
    {
        _acts.Ensure(n);
        var d = Spec.Hidden;
        DecoderActivations.Grow(ref _dResidual, n * d);
        DecoderActivations.Grow(ref _dMid, n * d);
        DecoderActivations.Grow(ref _dNormed, n * d);
        DecoderActivations.Grow(ref _dQkv, n * Spec.QkvWidth);
        DecoderActivations.Grow(ref _dAttention, n * Spec.Heads * Spec.HeadSize);
        DecoderActivations.Grow(ref _dUp, n * Spec.UpWidth);
        DecoderActivations.Grow(ref _dActivated, n * Spec.Inner);
    }

    private AttentionShape Shape(float[] qkv, PackedBatch batch) =>
        new(qkv, Spec.QkvWidth, batch.RowStarts, Spec.Heads, Spec.KvHeads, Spec.HeadSize, Causal: true);

    private void Forward(PackedBatch batch)
    {
        var n = batch.Tokens;
        var d = Spec.Hidden;
        var x = _acts.Layers.Length > 0 ? _acts.Layers[0].Input : _acts.Final;
        for (var i = 0; i < n; i++)
        {
            var target = x.AsSpan(i * d, d);
            Weights.TokenEmbedding.AsSpan(batch.Ids[i] * d, d).CopyTo(target);
            if (Weights.PositionEmbedding is { } positions)
                TensorPrimitives.Add(target, positions.AsSpan(batch.Positions[i] * d, d), target);
        }
        for (var l = 0; l < Spec.Layers; l++)
        {
            var a = _acts.Layers[l];
            var w = Weights.Layers[l];
            var next = l + 1 < Spec.Layers ? _acts.Layers[l + 1].Input : _acts.Final;
            Norm(w.AttentionNorm, a.Input, a.Normed1, n);
            Linear(a.Normed1, n, w.Qkv, a.Qkv);
            if (Spec.Rope is { } rope)
            {
                var rotated = (Spec.Heads + Spec.KvHeads) * Spec.HeadSize;
                for (var t = 0; t < n; t++)
                    Tensors.Kernels.ApplyRope(a.Qkv.AsSpan(t * Spec.QkvWidth, rotated), Spec.Heads + Spec.KvHeads, batch.Positions[t], rope);
            }
            TrainingAttention.Forward(Shape(a.Qkv, batch), a.Attention, a.Lse, _threads);
            a.Input.AsSpan(0, n * d).CopyTo(a.Mid);
            Linear(a.Attention, n, w.Output, a.Mid, accumulate: true);
            Norm(w.MlpNorm, a.Mid, a.Normed2, n);
            Linear(a.Normed2, n, w.Up, a.Up);
            if (Spec.Activation is { } activation)
            {
                a.Up.AsSpan(0, n * Spec.Inner).CopyTo(a.Activated);
                Activate(a.Activated.AsSpan(0, n * Spec.Inner), activation);
            }
            else
            {
                for (var t = 0; t < n; t++)
                    Tensors.Kernels.SwiGlu(a.Up.AsSpan(t * 2 * Spec.Inner, Spec.Inner), a.Up.AsSpan(t * 2 * Spec.Inner + Spec.Inner, Spec.Inner), a.Activated.AsSpan(t * Spec.Inner, Spec.Inner));
            }
            a.Mid.AsSpan(0, n * d).CopyTo(next);
            Linear(a.Activated, n, w.Down, next, accumulate: true);
        }
    }

    /// <summary>Final norm, vocabulary projection and softmax cross-entropy on the scored rows, a head chunk at a time, with their backward.</summary>
    private double HeadLossAndBackward(PackedBatch batch, List<int> targets, float scale, Gradients gradients)
    {
        var d = Spec.Hidden;
        var vocab = Spec.Vocab;
        var head = Weights.Head;
        var chunk = Math.Min(_headChunk, targets.Count);
        DecoderActivations.Grow(ref _headInput, (long)chunk * d);
        DecoderActivations.Grow(ref _headNormed, (long)chunk * d);
        DecoderActivations.Grow(ref _dHeadNormed, (long)chunk * d);
        DecoderActivations.Grow(ref _logits, (long)chunk * vocab);
        if (_rowLoss.Length < chunk)
            _rowLoss = new double[chunk];
        double loss = 0;
        for (var start = 0; start < targets.Count; start += chunk)
        {
            var count = Math.Min(chunk, targets.Count - start);
            for (var j = 0; j < count; j++)
                _acts.Final.AsSpan((targets[start + j] - 1) * d, d).CopyTo(_headInput.AsSpan(j * d, d));
            Norm(Weights.FinalNorm, _headInput, _headNormed, count);
            TrainingLinear.Forward(_headNormed, count, head, _logits);
            var first = start;
            ForTokens(count, (j0, j1) =>
            {
                for (var j = j0; j < j1; j++)
                {
                    var logits = _logits.AsSpan(j * vocab, vocab);
                    var target = batch.Ids[targets[first + j]];
                    var lse = Tensors.Kernels.LogSumExp(logits);
                    _rowLoss[j] = lse - logits[target];
                    // d(−log softmax[target]) / d logits = softmax − one-hot.
                    TensorPrimitives.Subtract(logits, lse, logits);
                    TensorPrimitives.Exp(logits, logits);
                    logits[target] -= 1f;
                    TensorPrimitives.Multiply(logits, scale, logits);
                }
            });
            for (var j = 0; j < count; j++)
                loss += _rowLoss[j];
            if (Lora is null)
                KernelsBackward.LinearWeights(_headNormed, _logits, count, d, vocab, head.WeightIsOutByIn, gradients.Of(head.Weight), gradients.Of(head.Bias));
            KernelsBackward.LinearInput(_logits, count, head.Weight, d, vocab, head.WeightIsOutByIn, _dHeadNormed, accumulate: false);
            Array.Clear(_dMid, 0, count * d);
            NormBackward(Weights.FinalNorm, _headInput, _dHeadNormed, _dMid, count, gradients);
            for (var j = 0; j < count; j++)
            {
                var dst = _dResidual.AsSpan((targets[start + j] - 1) * d, d);
                TensorPrimitives.Add(dst, _dMid.AsSpan(j * d, d), dst);
            }
        }
        return loss;
    }

    /// <summary>On entry _dResidual holds dL/d(block output); on exit dL/d(block input).</summary>
    private void LayerBackward(int l, PackedBatch batch, Gradients g)
    {
        var n = batch.Tokens;
        var d = Spec.Hidden;
        var a = _acts.Layers[l];
        var w = Weights.Layers[l];
        // x_out = mid + down(act(up(norm2(mid)))).
        BackwardLinear(a.Activated, _dResidual, n, w.Down, g, _dActivated);
        if (Spec.Activation is { } activation)
        {
            var inner = Spec.Inner;
            ForTokens(n, (t0, t1) => ActivationBackward(activation, a.Up.AsSpan(t0 * inner, (t1 - t0) * inner), _dActivated.AsSpan(t0 * inner, (t1 - t0) * inner), _dUp.AsSpan(t0 * inner)));
        }
        else
        {
            var inner = Spec.Inner;
            ForTokens(n, (t0, t1) =>
            {
                for (var t = t0; t < t1; t++)
                {
                    var row = t * 2 * inner;
                    KernelsBackward.SwiGlu(a.Up.AsSpan(row, inner), a.Up.AsSpan(row + inner, inner), _dActivated.AsSpan(t * inner, inner),
                        _dUp.AsSpan(row, inner), _dUp.AsSpan(row + inner, inner));
                }
            });
        }
        BackwardLinear(a.Normed2, _dUp, n, w.Up, g, _dNormed);
        _dResidual.AsSpan(0, n * d).CopyTo(_dMid);
        NormBackward(w.MlpNorm, a.Mid, _dNormed, _dMid, n, g);
        // mid = x_in + o(attention(rope(qkv(norm1(x_in))))).
        BackwardLinear(a.Attention, _dMid, n, w.Output, g, _dAttention);
        TrainingAttention.Backward(Shape(a.Qkv, batch), a.Attention, a.Lse, _dAttention, _dQkv, _threads);
        if (Spec.Rope is { } rope)
        {
            var rotated = (Spec.Heads + Spec.KvHeads) * Spec.HeadSize;
            for (var t = 0; t < n; t++)
                KernelsBackward.Rope(_dQkv.AsSpan(t * Spec.QkvWidth, rotated), Spec.Heads + Spec.KvHeads, batch.Positions[t], rope);
        }
        BackwardLinear(a.Normed1, _dQkv, n, w.Qkv, g, _dNormed);
        _dMid.AsSpan(0, n * d).CopyTo(_dResidual);
        NormBackward(w.AttentionNorm, a.Input, _dNormed, _dResidual, n, g);
    }

    private void EmbeddingBackward(PackedBatch batch, Gradients g)
    {
        var d = Spec.Hidden;
        var tokens = g.Of(Weights.TokenEmbedding);
        var positions = g.Of(Weights.PositionEmbedding);
        for (var t = 0; t < batch.Tokens; t++)
        {
            var dx = _dResidual.AsSpan(t * d, d);
            var row = tokens.AsSpan(batch.Ids[t] * d, d);
            TensorPrimitives.Add(row, dx, row);
            if (positions.Length > 0)
            {
                var p = positions.AsSpan(batch.Positions[t] * d, d);
                TensorPrimitives.Add(p, dx, p);
            }
        }
    }

    private void BackwardLinear(float[] input, float[] dOutput, int n, LinearLayer layer, Gradients g, float[] dInput)
    {
        if (Lora is null)
        {
            TrainingLinear.Backward(input, dOutput, n, layer, g, dInput);
            return;
        }
        KernelsBackward.LinearInput(dOutput, n, layer.Weight, layer.In, layer.Out, layer.WeightIsOutByIn, dInput, accumulate: false);
        foreach (var adapter in Lora.On(layer))
            adapter.Backward(input, dOutput, n, g.Of(adapter.A), g.Of(adapter.B), dInput);
    }

    private void NormBackward(NormWeights norm, float[] input, float[] dOutput, float[] dInput, int n, Gradients g)
    {
        var size = n * norm.Gamma.Length;
        // Frozen norms still pass the input gradient on; their own gradients go to a discarded buffer.
        var dGamma = Lora is null ? g.Of(norm.Gamma) : _frozenGamma;
        if (norm.Beta is null)
            KernelsBackward.RmsNorm(input.AsSpan(0, size), norm.Gamma, norm.Eps, dOutput.AsSpan(0, size), dInput, dGamma, _threads);
        else
            KernelsBackward.LayerNorm(input.AsSpan(0, size), norm.Gamma, norm.Eps, dOutput.AsSpan(0, size), dInput, dGamma, Lora is null ? g.Of(norm.Beta) : _frozenBeta, _threads);
    }

    /// <summary>Runs body over token ranges [t0, t1) of [0, n) on up to the model's thread count (element-wise work: the split does not change results).</summary>
    private void ForTokens(int n, Action<int, int> body)
    {
        var parts = Math.Min(_threads, n);
        if (parts <= 1)
        {
            body(0, n);
            return;
        }
        Parallel.For(0, parts, new ParallelOptions { MaxDegreeOfParallelism = parts }, p => body(n * p / parts, n * (p + 1) / parts));
    }

    private static void ActivationBackward(Activation activation, ReadOnlySpan<float> preActivation, ReadOnlySpan<float> dy, Span<float> dx)
    {
        switch (activation)
        {
            case Activation.GeluTanh:
                KernelsBackward.GeluTanh(preActivation, dy, dx);
                break;
            case Activation.GeluExact:
                KernelsBackward.Gelu(preActivation, dy, dx);
                break;
            default:
                throw new NotSupportedException($"no backward for activation {activation}");
        }
    }

    private static void Norm(NormWeights norm, float[] x, float[] y, int rows)
    {
        var size = rows * norm.Gamma.Length;
        if (norm.Beta is null)
            Tensors.Kernels.RmsNorm(x.AsSpan(0, size), norm.Gamma, norm.Eps, y.AsSpan(0, size));
        else
            Tensors.Kernels.LayerNorm(x.AsSpan(0, size), norm.Gamma, norm.Beta, norm.Eps, y.AsSpan(0, size));
    }

    private static void Activate(Span<float> x, Activation activation)
    {
        switch (activation)
        {
            case Activation.GeluTanh:
                Tensors.Kernels.GeluTanh(x, x);
                break;
            case Activation.GeluExact:
                Tensors.Kernels.Gelu(x, x);
                break;
            default:
                throw new NotSupportedException($"no training support for activation {activation}");
        }
    }

    /// <summary>y = x·W + b (+ the layer's LoRA adapters) with the weight read unpacked (it changes every optimiser step).</summary>
    private void Linear(float[] x, int rows, LinearLayer layer, float[] y, bool accumulate = false)
    {
        TrainingLinear.Forward(x, rows, layer, y, accumulate);
        if (Lora is null)
            return;
        foreach (var adapter in Lora.On(layer))
            adapter.Forward(x, rows, y);
    }
}

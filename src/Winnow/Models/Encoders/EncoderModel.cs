using System.Numerics.Tensors;
using Winnow.Models.Compute;

namespace Winnow.Models.Encoders;

/// <summary>
/// BERT/RoBERTa forward pass over a packed batch. Embeddings (word + position + token type 0) go through LayerNorm;
/// each layer is post-norm: x = LN(x + Attn(x)); x = LN(x + FFN(x)). Buffers are reused across calls.
/// </summary>
internal sealed class EncoderModel : IEncoderModel
{
    private readonly EncoderSpec _spec;
    private readonly EncoderWeights _weights;
    private readonly IKernels _kernels;
    private readonly object _gate = new();
    private float[] _hidden = [];
    private float[] _sum = [];
    private float[] _qkv = [];
    private float[] _attention = [];
    private float[] _inner = [];

    public EncoderModel(EncoderSpec spec, EncoderWeights weights, ModelOptions options)
    {
        _spec = spec;
        _weights = weights;
        _kernels = options.CreateKernels();
    }

    public string ModelType => _spec.ModelType;

    public int HiddenSize => _spec.Hidden;

    public int LayerCount => _spec.Layers;

    public int MaxTokens => _spec.RobertaPositions ? _spec.MaxPositions - _spec.PadId - 1 : _spec.MaxPositions;

    public bool HasPooler => _weights.Pooler is not null;

    internal IKernels Kernels => _kernels;

    public float[][] LastHiddenStates(IReadOnlyList<int[]> batchIds)
    {
        lock (_gate)
        {
            var batch = Run(batchIds, null);
            return SplitRows(batch);
        }
    }

    public float[][][] AllHiddenStates(IReadOnlyList<int[]> batchIds)
    {
        lock (_gate)
        {
            var captured = new List<float[][]>();
            var batch = Run(batchIds, b => captured.Add(SplitRows(b)));
            var result = new float[batch.Rows][][];
            for (var r = 0; r < batch.Rows; r++)
                result[r] = captured.Select(layer => layer[r]).ToArray();
            return result;
        }
    }

    public float[][] MeanPooled(IReadOnlyList<int[]> batchIds, bool normalize = false)
    {
        lock (_gate)
        {
            var batch = Run(batchIds, null);
            var d = _spec.Hidden;
            var result = new float[batch.Rows][];
            for (var r = 0; r < batch.Rows; r++)
            {
                var mean = new double[d];
                for (var t = batch.RowStarts[r]; t < batch.RowStarts[r + 1]; t++)
                {
                    for (var i = 0; i < d; i++)
                        mean[i] += _hidden[t * d + i];
                }
                // sentence-transformers divides by max(token count, 1e-9) and normalises by max(‖v‖, 1e-12).
                var count = Math.Max(batch.Length(r), 1e-9);
                result[r] = mean.Select(v => (float)(v / count)).ToArray();
                if (normalize)
                    TensorPrimitives.Divide(result[r], Math.Max(TensorPrimitives.Norm(result[r]), 1e-12f), result[r]);
            }
            return result;
        }
    }

    public float[][] ClsStates(IReadOnlyList<int[]> batchIds)
    {
        lock (_gate)
        {
            var batch = Run(batchIds, null);
            return FirstTokens(batch);
        }
    }

    public float[][] Pooled(IReadOnlyList<int[]> batchIds)
    {
        var pooler = _weights.Pooler ?? throw new InvalidOperationException("this checkpoint has no pooler weights (pooler.dense)");
        return FirstTokenHead(batchIds, cls =>
        {
            var output = new float[_spec.Hidden];
            _kernels.Linear(cls, 1, pooler, output);
            TensorPrimitives.Tanh(output, output);
            return output;
        });
    }

    /// <summary>Runs the batch and maps each row's first-token state through <paramref name="head"/> (pooler, classifiers).</summary>
    internal float[][] FirstTokenHead(IReadOnlyList<int[]> batchIds, Func<float[], float[]> head)
    {
        lock (_gate)
        {
            var batch = Run(batchIds, null);
            return FirstTokens(batch).Select(head).ToArray();
        }
    }

    private float[][] FirstTokens(PackedBatch batch)
    {
        var d = _spec.Hidden;
        var result = new float[batch.Rows][];
        for (var r = 0; r < batch.Rows; r++)
        {
            if (batch.Length(r) == 0)
                throw new ArgumentException($"row {r} is empty; an encoder row needs at least its first special token");
            result[r] = _hidden.AsSpan(batch.RowStarts[r] * d, d).ToArray();
        }
        return result;
    }

    private float[][] SplitRows(PackedBatch batch)
    {
        var d = _spec.Hidden;
        var rows = new float[batch.Rows][];
        for (var r = 0; r < batch.Rows; r++)
            rows[r] = _hidden.AsSpan(batch.RowStarts[r] * d, batch.Length(r) * d).ToArray();
        return rows;
    }

    /// <summary>Embeds and runs every layer; leaves the last layer's output in the hidden buffer.</summary>
    private PackedBatch Run(IReadOnlyList<int[]> batchIds, Action<PackedBatch>? afterEmbeddingAndEachLayer)
    {
        var batch = PackedBatch.Create(batchIds, _spec.Vocab, _spec.MaxPositions, _spec.PositionOf);
        var n = batch.Tokens;
        var d = _spec.Hidden;
        Grow(ref _hidden, n * d);
        Grow(ref _sum, n * d);
        Grow(ref _qkv, n * 3 * d);
        Grow(ref _attention, n * d);
        Grow(ref _inner, n * _spec.Inner);
        for (var i = 0; i < n; i++)
        {
            var target = _sum.AsSpan(i * d, d);
            _weights.WordEmbedding.AsSpan(batch.Ids[i] * d, d).CopyTo(target);
            TensorPrimitives.Add(target, _weights.PositionEmbedding.AsSpan(batch.Positions[i] * d, d), target);
            TensorPrimitives.Add(target, _weights.TokenTypeEmbedding.AsSpan(0, d), target);
        }
        _weights.EmbeddingNorm.Apply(_kernels, _sum, _hidden, n);
        afterEmbeddingAndEachLayer?.Invoke(batch);
        var attention = new AttentionShape(_qkv, 3 * d, batch.RowStarts, _spec.Heads, _spec.Heads, _spec.HeadSize, Causal: false);
        foreach (var layer in _weights.Layers)
        {
            _kernels.Linear(_hidden, n, layer.Qkv, _qkv);
            _kernels.Attention(attention, _attention);
            _hidden.AsSpan(0, n * d).CopyTo(_sum);
            _kernels.Linear(_attention, n, layer.AttentionOutput, _sum, accumulate: true);
            layer.AttentionNorm.Apply(_kernels, _sum, _hidden, n);
            _kernels.Linear(_hidden, n, layer.Intermediate, _inner);
            _kernels.Activate(_inner.AsSpan(0, n * _spec.Inner), _spec.Activation);
            _hidden.AsSpan(0, n * d).CopyTo(_sum);
            _kernels.Linear(_inner, n, layer.Output, _sum, accumulate: true);
            layer.OutputNorm.Apply(_kernels, _sum, _hidden, n);
            afterEmbeddingAndEachLayer?.Invoke(batch);
        }
        return batch;
    }

    private static void Grow(ref float[] buffer, long size)
    {
        if (buffer.Length < size)
            buffer = new float[checked((int)size)];
    }
}

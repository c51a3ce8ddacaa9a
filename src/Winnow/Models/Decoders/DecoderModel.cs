using Winnow.Models.Compute;
using Winnow.Tensors;

namespace Winnow.Models.Decoders;

/// <summary>
/// GPT-2 and Llama-family forward pass over a packed batch, plus the heads that read it. Each block is
/// pre-norm: x += Attn(Norm(x)); x += MLP(Norm(x)). The final norm and the vocabulary projection run only on the
/// rows an output needs.
/// </summary>
internal sealed class DecoderModel : ICausalLanguageModel
{
    private readonly DecoderSpec _spec;
    private readonly DecoderWeights _weights;
    private readonly IKernels _kernels;
    private readonly DecoderWorkspace _ws;
    private readonly object _gate = new();

    public DecoderModel(DecoderSpec spec, DecoderWeights weights, ModelOptions options)
    {
        _spec = spec;
        _weights = weights;
        _kernels = options.CreateKernels();
        _ws = new DecoderWorkspace(spec);
    }

    public string ModelType => _spec.ModelType;

    public int VocabSize => _spec.Vocab;

    public int MaxPositions => _spec.MaxPositions;

    public int HiddenSize => _spec.Hidden;

    public int LayerCount => _spec.Layers;

    public float[][] TokenLogProbs(IReadOnlyList<int[]> batchIds, IReadOnlyList<(int From, int To)> scoredPositions)
    {
        if (scoredPositions.Count != batchIds.Count)
            throw new ArgumentException($"{scoredPositions.Count} position ranges for {batchIds.Count} rows");
        var results = new float[batchIds.Count][];
        var requests = new List<(int Row, int Position)>();
        for (var r = 0; r < batchIds.Count; r++)
        {
            var (from, to) = scoredPositions[r];
            if (from < 1 || to < from || to > batchIds[r].Length)
                throw new ArgumentOutOfRangeException(nameof(scoredPositions),
                    $"row {r}: range [{from}, {to}) must satisfy 1 ≤ From ≤ To ≤ {batchIds[r].Length} (token 0 has no prefix to predict it)");
            results[r] = new float[to - from];
            for (var i = from; i < to; i++)
                requests.Add((r, i - 1));
        }
        lock (_gate)
        {
            var batch = Run(batchIds, null);
            ProjectToVocabulary(batch, requests, (request, logits) =>
            {
                var (row, position) = request;
                var target = batchIds[row][position + 1];
                var from = scoredPositions[row].From;
                results[row][position + 1 - from] = logits[target] - _kernels.LogSumExp(logits);
            });
        }
        return results;
    }

    public float[][] Logits(IReadOnlyList<int[]> batchIds, IReadOnlyList<int[]> positions) => VocabularyRows(batchIds, positions, normalise: false);

    public float[][] LogSoftmax(IReadOnlyList<int[]> batchIds, IReadOnlyList<int[]> positions) => VocabularyRows(batchIds, positions, normalise: true);

    public float[][] LastHiddenStates(IReadOnlyList<int[]> batchIds)
    {
        lock (_gate)
        {
            var batch = Run(batchIds, null);
            _weights.FinalNorm.Apply(_kernels, _ws.Residual, _ws.Normed, batch.Tokens);
            return SplitRows(batch, _ws.Normed);
        }
    }

    public float[][][] AllHiddenStates(IReadOnlyList<int[]> batchIds)
    {
        lock (_gate)
        {
            var captured = new List<float[][]>();
            var batch = Run(batchIds, b => captured.Add(SplitRows(b, _ws.Residual)));
            _weights.FinalNorm.Apply(_kernels, _ws.Residual, _ws.Normed, batch.Tokens);
            captured.Add(SplitRows(batch, _ws.Normed));
            var result = new float[batch.Rows][][];
            for (var r = 0; r < batch.Rows; r++)
                result[r] = captured.Select(layer => layer[r]).ToArray();
            return result;
        }
    }

    private float[][] VocabularyRows(IReadOnlyList<int[]> batchIds, IReadOnlyList<int[]> positions, bool normalise)
    {
        if (positions.Count != batchIds.Count)
            throw new ArgumentException($"{positions.Count} position lists for {batchIds.Count} rows");
        var results = new float[batchIds.Count][];
        var requests = new List<(int Row, int Position)>();
        for (var r = 0; r < batchIds.Count; r++)
        {
            results[r] = new float[(long)positions[r].Length * _spec.Vocab];
            foreach (var p in positions[r])
            {
                if ((uint)p >= (uint)batchIds[r].Length)
                    throw new ArgumentOutOfRangeException(nameof(positions), $"row {r}: position {p} outside [0, {batchIds[r].Length})");
                requests.Add((r, p));
            }
        }
        var slot = new int[batchIds.Count];
        lock (_gate)
        {
            var batch = Run(batchIds, null);
            ProjectToVocabulary(batch, requests, (request, logits) =>
            {
                var target = results[request.Row].AsSpan(slot[request.Row]++ * _spec.Vocab, _spec.Vocab);
                logits.CopyTo(target);
                if (normalise)
                {
                    var lse = _kernels.LogSumExp(logits);
                    for (var v = 0; v < target.Length; v++)
                        target[v] -= lse;
                }
            });
        }
        return results;
    }

    private delegate void LogitsConsumer((int Row, int Position) request, ReadOnlySpan<float> logits);

    /// <summary>Final norm + vocabulary projection for the requested (row, position) pairs, a chunk of rows at a time.</summary>
    private void ProjectToVocabulary(PackedBatch batch, List<(int Row, int Position)> requests, LogitsConsumer consume)
    {
        var d = _spec.Hidden;
        for (var start = 0; start < requests.Count; start += DecoderWorkspace.HeadChunk)
        {
            var count = Math.Min(DecoderWorkspace.HeadChunk, requests.Count - start);
            for (var j = 0; j < count; j++)
            {
                var (row, position) = requests[start + j];
                _ws.Residual.AsSpan((batch.RowStarts[row] + position) * d, d).CopyTo(_ws.HeadInput.AsSpan(j * d, d));
            }
            _weights.FinalNorm.Apply(_kernels, _ws.HeadInput, _ws.HeadNormed, count);
            _kernels.Linear(_ws.HeadNormed, count, _weights.Head, _ws.Logits);
            for (var j = 0; j < count; j++)
                consume(requests[start + j], _ws.Logits.AsSpan(j * _spec.Vocab, _spec.Vocab));
        }
    }

    private float[][] SplitRows(PackedBatch batch, float[] source)
    {
        var d = _spec.Hidden;
        var rows = new float[batch.Rows][];
        for (var r = 0; r < batch.Rows; r++)
            rows[r] = source.AsSpan(batch.RowStarts[r] * d, batch.Length(r) * d).ToArray();
        return rows;
    }

    /// <summary>Embeds and runs every block; leaves the last block's output (before the final norm) in the residual buffer.</summary>
    private PackedBatch Run(IReadOnlyList<int[]> batchIds, Action<PackedBatch>? beforeEachBlock)
    {
        var batch = PackedBatch.Create(batchIds, _spec.Vocab, _spec.MaxPositions, static (_, t) => t);
        if (_spec.SlidingWindow is { } window)
        {
            for (var r = 0; r < batch.Rows; r++)
            {
                if (batch.Length(r) > window)
                    throw new ArgumentException($"row {r} has {batch.Length(r)} tokens, longer than the sliding window ({window}); sliding-window attention is not implemented");
            }
        }
        var n = batch.Tokens;
        _ws.Ensure(n);
        Embed(batch);
        var attention = new AttentionShape(_ws.Qkv, _spec.QkvWidth, batch.RowStarts, _spec.Heads, _spec.KvHeads, _spec.HeadSize, Causal: true);
        foreach (var layer in _weights.Layers)
        {
            beforeEachBlock?.Invoke(batch);
            layer.AttentionNorm.Apply(_kernels, _ws.Residual, _ws.Normed, n);
            _kernels.Linear(_ws.Normed, n, layer.Qkv, _ws.Qkv);
            if (_spec.Rope is { } rope)
                ApplyRope(rope, batch);
            _kernels.Attention(attention, _ws.Attention);
            _kernels.Linear(_ws.Attention, n, layer.Output, _ws.Residual, accumulate: true);
            layer.MlpNorm.Apply(_kernels, _ws.Residual, _ws.Normed, n);
            _kernels.Linear(_ws.Normed, n, layer.Up, _ws.Up);
            if (_spec.Activation is { } activation)
            {
                _kernels.Activate(_ws.Up.AsSpan(0, n * _spec.Inner), activation);
                _kernels.Linear(_ws.Up, n, layer.Down, _ws.Residual, accumulate: true);
            }
            else
            {
                _kernels.SwiGlu(_ws.Up, n, _spec.Inner, _ws.Gated);
                _kernels.Linear(_ws.Gated, n, layer.Down, _ws.Residual, accumulate: true);
            }
        }
        return batch;
    }

    private void Embed(PackedBatch batch)
    {
        var d = _spec.Hidden;
        for (var i = 0; i < batch.Tokens; i++)
        {
            var target = _ws.Residual.AsSpan(i * d, d);
            if (_weights.QuantisedTokenEmbedding is { } quantised)
                quantised.DequantiseRow(batch.Ids[i], target);
            else
                _weights.TokenEmbedding.AsSpan(batch.Ids[i] * d, d).CopyTo(target);
            if (_weights.PositionEmbedding is { } positions)
                System.Numerics.Tensors.TensorPrimitives.Add(target, positions.AsSpan(batch.Positions[i] * d, d), target);
        }
    }

    private void ApplyRope(RopeTable rope, PackedBatch batch)
    {
        // Query heads then key heads are contiguous at the start of each qkv row; values are not rotated.
        var rotated = (_spec.Heads + _spec.KvHeads) * _spec.HeadSize;
        for (var i = 0; i < batch.Tokens; i++)
            Tensors.Kernels.ApplyRope(_ws.Qkv.AsSpan(i * _spec.QkvWidth, rotated), _spec.Heads + _spec.KvHeads, batch.Positions[i], rope);
    }
}

using System.Globalization;
using LLama;
using LLama.Common;
using LLama.Native;
using Winnow.Models.Gguf;
using Winnow.Tokenizers;

namespace Winnow.Backends.LlamaCpp;

/// <summary>
/// GGUF models run by llama.cpp in process (LLamaSharp). The file is validated by <see cref="GgufFile"/> before
/// llama.cpp opens it. Rows are packed into one batch per context-full of tokens, each row its own sequence id at
/// positions 0..T−1, and only the positions asked for request logits; the KV cache is cleared between batches, so each
/// row is scored exactly as if alone. <c>precision: exact</c> keeps the KV cache in F32 and turns flash attention off
/// (then the fixtures match transformers within 1e-4); <c>fast</c> (the default for quantised files) takes llama.cpp's
/// defaults. Hidden states are llama.cpp's per-token embeddings (after the final norm, no pooling).
/// </summary>
public sealed class LlamaCppBackend : IModelBackend
{
    private const int MaxSequences = 16;

    private readonly LLamaWeights _weights;
    private readonly LLamaContext _context;
    private readonly object _gate = new();

    private LlamaCppBackend(LLamaWeights weights, LLamaContext context, ITextTokenizer tokenizer, bool offsets, int maxContext, BackendProvenance provenance)
    {
        _weights = weights;
        _context = context;
        Tokenizer = tokenizer;
        MaxContext = maxContext;
        Provenance = provenance;
        Capabilities = BackendCapabilities.TokenLogProbs | BackendCapabilities.TopLogProbs | BackendCapabilities.ChosenLogProbs |
            BackendCapabilities.FullDistribution | BackendCapabilities.HiddenStates | (offsets ? BackendCapabilities.TokenOffsets : 0);
    }

    public BackendCapabilities Capabilities { get; }

    public BackendProvenance Provenance { get; }

    public ITextTokenizer Tokenizer { get; }

    public int MaxContext { get; }

    public int VocabSize => _weights.Vocab.Count;

    public int HiddenSize => _weights.EmbeddingSize;

    /// <summary>Opens a .gguf file; <paramref name="reason"/> says why this engine runs it.</summary>
    public static LlamaCppBackend Open(BackendOptions options, string reason)
    {
        var file = GgufFile.Read(options.Model);
        // Before anything of LLamaSharp runs (ModelParams reads llama.cpp's defaults): the native configuration is fixed at first load.
        LlamaCppRuntime.EnsureLoaded();
        var quantisation = file.Quantisation;
        var precision = options.Precision ?? (quantisation is "f32" or "f16" or "bf16" ? BackendPrecision.Exact : BackendPrecision.Fast);
        var trained = file.Metadata.TryGetValue(file.Architecture + ".context_length", out var c) ? Convert.ToInt32(c, CultureInfo.InvariantCulture) : 2048;
        var contextSize = (uint)Math.Min(trained, 8192);
        var parameters = new ModelParams(file.Path)
        {
            ContextSize = contextSize,
            BatchSize = contextSize,
            UBatchSize = Math.Min(contextSize, 512),
            SeqMax = MaxSequences,
            Threads = options.Threads,
            BatchThreads = options.Threads,
            GpuLayerCount = options.GpuLayers,
            Embeddings = false,
            PoolingType = LLamaPoolingType.None,
        };
        if (precision == BackendPrecision.Exact)
        {
            parameters.TypeK = GGMLType.GGML_TYPE_F32;
            parameters.TypeV = GGMLType.GGML_TYPE_F32;
            parameters.FlashAttention = false;
        }
        var weights = LLamaWeights.LoadFromFile(parameters);
        try
        {
            var context = weights.CreateContext(parameters);
            var (tokenizer, tokenizerSource, tokenizerFile) = PickTokenizer(options, file, weights);
            var hashed = tokenizerFile is null ? new[] { file.Path } : new[] { file.Path, tokenizerFile };
            var settings = new Dictionary<string, string>(StringComparer.Ordinal)
            {
                ["precision"] = precision == BackendPrecision.Exact ? "exact (F32 KV cache, no flash attention)" : "fast (llama.cpp defaults)",
                ["gpu_layers"] = options.GpuLayers.ToString(CultureInfo.InvariantCulture),
                ["threads"] = options.Threads.ToString(CultureInfo.InvariantCulture),
                ["context"] = contextSize.ToString(CultureInfo.InvariantCulture),
            };
            var provenance = new BackendProvenance("llama.cpp", file.Path, ModelFingerprint.Compute(null, hashed), quantisation,
                LlamaCppRuntime.Build, tokenizerSource, reason, settings);
            return new LlamaCppBackend(weights, context, tokenizer, tokenizer is Tokenizer, (int)contextSize, provenance);
        }
        catch
        {
            weights.Dispose();
            throw;
        }
    }

    private static (ITextTokenizer Tokenizer, string Source, string? File) PickTokenizer(BackendOptions options, GgufFile file, LLamaWeights weights)
    {
        var given = options.TokenizerPath is null ? null : Path.GetFullPath(options.TokenizerPath);
        var beside = Path.Combine(Path.GetDirectoryName(file.Path)!, "tokenizer.json");
        var path = given is not null ? (Directory.Exists(given) ? Path.Combine(given, "tokenizer.json") : given) : File.Exists(beside) ? beside : null;
        if (path is not null)
            return (Tokenizers.Tokenizer.Load(path), "tokenizer.json:" + path, path);
        return (new LlamaVocabTokenizer(weights, file), "gguf vocabulary through llama.cpp", null);
    }

    public float[][] TokenLogProbs(IReadOnlyList<int[]> rows, IReadOnlyList<(int From, int To)> scored)
    {
        var results = new float[rows.Count][];
        var positions = new int[rows.Count][];
        for (var r = 0; r < rows.Count; r++)
        {
            var (from, to) = scored[r];
            if (from < 1 || to < from || to > rows[r].Length)
                throw new ArgumentOutOfRangeException(nameof(scored), $"row {r}: range [{from}, {to}) must satisfy 1 ≤ From ≤ To ≤ {rows[r].Length}");
            results[r] = new float[to - from];
            positions[r] = Enumerable.Range(from - 1, to - from).ToArray();
        }
        Run(rows, positions, (r, j, logits) => results[r][j] = (float)(logits[rows[r][positions[r][j] + 1]] - LogSumExp(logits)));
        return results;
    }

    public double[][] ChosenLogProbs(IReadOnlyList<int[]> rows, IReadOnlyList<int[]> positions, IReadOnlyList<int> chosenIds)
    {
        var results = rows.Select((_, r) => new double[positions[r].Length * chosenIds.Count]).ToArray();
        Run(rows, positions, (r, j, logits) =>
        {
            double lse = (float)LogSumExp(logits);
            for (var c = 0; c < chosenIds.Count; c++)
                results[r][j * chosenIds.Count + c] = logits[chosenIds[c]] - lse;
        });
        return results;
    }

    public TopToken[][][] TopLogProbs(IReadOnlyList<int[]> rows, IReadOnlyList<int[]> positions, int k)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(k, 1);
        var results = rows.Select((_, r) => new TopToken[positions[r].Length][]).ToArray();
        Run(rows, positions, (r, j, logits) => results[r][j] = TopTokens.Of(logits, k, (float)LogSumExp(logits)));
        return results;
    }

    public float[][] LogSoftmax(IReadOnlyList<int[]> rows, IReadOnlyList<int[]> positions)
    {
        var vocab = VocabSize;
        var results = rows.Select((_, r) => new float[(long)positions[r].Length * vocab]).ToArray();
        Run(rows, positions, (r, j, logits) =>
        {
            var lse = LogSumExp(logits);
            var target = results[r].AsSpan(j * vocab, vocab);
            for (var v = 0; v < vocab; v++)
                target[v] = (float)(logits[v] - lse);
        });
        return results;
    }

    public float[][] LastHiddenStates(IReadOnlyList<int[]> rows)
    {
        var hidden = HiddenSize;
        var results = rows.Select(r => new float[(long)r.Length * hidden]).ToArray();
        var all = rows.Select(r => Enumerable.Range(0, r.Length).ToArray()).ToArray();
        lock (_gate)
        {
            _context.NativeHandle.SetEmbeddings(true);
            try
            {
                Decode(rows, all, (r, j, batchIndex) => _context.NativeHandle.GetEmbeddingsIth(batchIndex).CopyTo(results[r].AsSpan(j * hidden, hidden)));
            }
            finally
            {
                _context.NativeHandle.SetEmbeddings(false);
            }
        }
        return results;
    }

    public void Dispose()
    {
        _context.Dispose();
        _weights.Dispose();
    }

    private delegate void LogitsConsumer(int row, int slot, ReadOnlySpan<float> logits);

    private void Run(IReadOnlyList<int[]> rows, IReadOnlyList<int[]> positions, LogitsConsumer consume)
    {
        if (positions.Count != rows.Count)
            throw new ArgumentException($"{positions.Count} position lists for {rows.Count} rows");
        lock (_gate)
            Decode(rows, positions, (r, j, batchIndex) => consume(r, j, _context.NativeHandle.GetLogitsIth(batchIndex)));
    }

    /// <summary>
    /// Decodes the rows in groups that fit the context (tokens) and the sequence limit; calls back for every requested
    /// position with its index in the batch. Position lists are checked first.
    /// </summary>
    private void Decode(IReadOnlyList<int[]> rows, IReadOnlyList<int[]> positions, Action<int, int, int> read)
    {
        for (var r = 0; r < rows.Count; r++)
        {
            if (rows[r].Length > MaxContext)
                throw new ArgumentException($"row {r} has {rows[r].Length} tokens, more than the {MaxContext}-token context");
            foreach (var p in positions[r])
            {
                if ((uint)p >= (uint)rows[r].Length)
                    throw new ArgumentOutOfRangeException(nameof(positions), $"row {r}: position {p} outside [0, {rows[r].Length})");
            }
        }
        var start = 0;
        while (start < rows.Count)
        {
            var end = start;
            var tokens = 0;
            while (end < rows.Count && end - start < MaxSequences && tokens + rows[end].Length <= MaxContext)
                tokens += rows[end++].Length;
            var batch = new LLamaBatch();
            var slots = new List<(int Row, int Slot, int Index)>();
            for (var r = start; r < end; r++)
            {
                var wanted = new Dictionary<int, List<int>>();
                for (var j = 0; j < positions[r].Length; j++)
                {
                    if (!wanted.TryGetValue(positions[r][j], out var list))
                        wanted[positions[r][j]] = list = [];
                    list.Add(j);
                }
                for (var t = 0; t < rows[r].Length; t++)
                {
                    var index = batch.TokenCount;
                    batch.Add((LLamaToken)rows[r][t], t, (LLamaSeqId)(r - start), wanted.ContainsKey(t));
                    if (wanted.TryGetValue(t, out var js))
                        slots.AddRange(js.Select(j => (r, j, index)));
                }
            }
            var result = _context.NativeHandle.Decode(batch);
            try
            {
                if (result != DecodeResult.Ok)
                    throw new InvalidOperationException($"llama.cpp decode failed ({result}) for rows {start}..{end - 1}");
                foreach (var (row, slot, index) in slots)
                    read(row, slot, index);
            }
            finally
            {
                _context.NativeHandle.MemoryClear(true);
            }
            start = end;
        }
    }

    private static double LogSumExp(ReadOnlySpan<float> logits) => TopTokens.LogSumExp(logits);
}

using System.Globalization;
using LLama;
using LLama.Common;
using LLama.Native;
using Winnow.Models;
using Winnow.Models.Gguf;
using Winnow.Tokenizers;

namespace Winnow.Backends.LlamaCpp;

/// <summary>
/// GGUF models run by llama.cpp in process (LLamaSharp). The file is validated by <see cref="GgufFile"/> before
/// llama.cpp opens it. <see cref="MaxContext"/> is the model's trained context (the managed engine's positions for the
/// same model), and the llama.cpp context grows to the longest row it is given (<see cref="SequenceContext"/>): rows
/// are decoded side by side, each its own sequence at positions 0..T−1 in its own KV stream, in decode calls of at most
/// one stream's size, and only the positions asked for request logits; the KV cache is cleared between groups, so each
/// row is scored exactly as if alone. <c>precision: exact</c> keeps the KV cache in F32 and turns flash attention off
/// (then the fixtures match transformers within 1e-4); <c>fast</c> (the default for quantised files) takes llama.cpp's
/// defaults. Hidden states are llama.cpp's per-token embeddings (after the final norm, no pooling).
/// </summary>
public sealed class LlamaCppBackend : IModelBackend
{
    private readonly LLamaWeights _weights;
    private readonly SequenceContext _context;
    private readonly object _gate = new();

    private LlamaCppBackend(LLamaWeights weights, SequenceContext context, ITextTokenizer tokenizer, bool offsets, int maxContext, BackendProvenance provenance)
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

    /// <summary>KV cells per sequence of the llama.cpp context now (0 before the first call); it grows with the rows.</summary>
    internal int SequenceCells => _context.Capacity;

    /// <summary>Opens a .gguf file; <paramref name="reason"/> says why this engine runs it.</summary>
    public static LlamaCppBackend Open(BackendOptions options, string reason)
    {
        var file = GgufFile.Read(options.Model);
        // Before anything of LLamaSharp runs (ModelParams reads llama.cpp's defaults): the native configuration is fixed at first load.
        LlamaCppRuntime.EnsureLoaded();
        var quantisation = file.Quantisation;
        var precision = options.Precision ?? (quantisation is "f32" or "f16" or "bf16" ? BackendPrecision.Exact : BackendPrecision.Fast);
        var trained = file.Metadata.TryGetValue(file.Architecture + ".context_length", out var c)
            ? Convert.ToInt32(c, CultureInfo.InvariantCulture)
            : throw new ModelFormatException($"{file.Path}: metadata key '{file.Architecture}.context_length' is missing; it gives the model's positions");
        ModelParams Parameters(uint capacity, uint slots)
        {
            var parameters = new ModelParams(file.Path)
            {
                // The context size is the total over the sequences; each KV stream gets its share.
                ContextSize = capacity * slots,
                BatchSize = capacity,
                UBatchSize = Math.Min(capacity, 512),
                SeqMax = slots,
                KVUnified = false,
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
            return parameters;
        }
        var weights = LLamaWeights.LoadFromFile(Parameters(SequenceContext.TokenBudget, 1));
        try
        {
            var context = new SequenceContext(weights, Parameters, trained);
            var (tokenizer, tokenizerSource, tokenizerFile) = PickTokenizer(options, file, weights);
            var hashed = tokenizerFile is null ? new[] { file.Path } : new[] { file.Path, tokenizerFile };
            var settings = new Dictionary<string, string>(StringComparer.Ordinal)
            {
                ["precision"] = precision == BackendPrecision.Exact ? "exact (F32 KV cache, no flash attention)" : "fast (llama.cpp defaults)",
                ["gpu_layers"] = options.GpuLayers.ToString(CultureInfo.InvariantCulture),
                ["threads"] = options.Threads.ToString(CultureInfo.InvariantCulture),
                ["context"] = $"grows to the longest row, up to {trained.ToString(CultureInfo.InvariantCulture)} tokens; KV cache budget {SequenceContext.TokenBudget.ToString(CultureInfo.InvariantCulture)} cells",
            };
            var provenance = new BackendProvenance("llama.cpp", file.Path, ModelFingerprint.Compute(null, hashed), quantisation,
                LlamaCppRuntime.Build, tokenizerSource, reason, settings);
            return new LlamaCppBackend(weights, context, tokenizer, tokenizer is Tokenizer, trained, provenance);
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
            Decode(rows, all, (r, j, batchIndex) => _context.Handle.GetEmbeddingsIth(batchIndex).CopyTo(results[r].AsSpan(j * hidden, hidden)), embeddings: true);
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
            Decode(rows, positions, (r, j, batchIndex) => consume(r, j, _context.Handle.GetLogitsIth(batchIndex)), embeddings: false);
    }

    /// <summary>
    /// Checks the rows against the model's positions and the position lists, then decodes them (see
    /// <see cref="SequenceContext.Decode"/>), with llama.cpp's embeddings output on when hidden states are read.
    /// </summary>
    private void Decode(IReadOnlyList<int[]> rows, IReadOnlyList<int[]> positions, Action<int, int, int> read, bool embeddings)
    {
        for (var r = 0; r < rows.Count; r++)
        {
            if (rows[r].Length > MaxContext)
                throw new ArgumentException($"row {r} has {rows[r].Length} tokens, more than the model's {MaxContext} positions");
            foreach (var p in positions[r])
            {
                if ((uint)p >= (uint)rows[r].Length)
                    throw new ArgumentOutOfRangeException(nameof(positions), $"row {r}: position {p} outside [0, {rows[r].Length})");
            }
        }
        _context.Decode(rows, positions, read, embeddings);
    }

    private static double LogSumExp(ReadOnlySpan<float> logits) => TopTokens.LogSumExp(logits);
}

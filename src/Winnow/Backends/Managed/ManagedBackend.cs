using Winnow.Models;
using Winnow.Models.Training.Lora;
using Winnow.Tokenizers;

namespace Winnow.Backends.Managed;

/// <summary>
/// Winnow's own engine behind the backend contract: a Hugging Face folder (config.json, safetensors, tokenizer.json)
/// loaded as float32 or Q8_0 by <see cref="CausalLM"/>, or a GGUF file read the same way, tokenised by <see cref="Tokenizers.Tokenizer"/>. It has every
/// capability. Chosen and top-k log-probabilities are read from the raw logits minus a log-sum-exp rounded to float,
/// so differences between chosen entries are exactly those of the logits (Deita's digit softmax is unchanged).
/// </summary>
public sealed class ManagedBackend : IModelBackend
{
    private readonly ICausalLanguageModel _model;

    public ManagedBackend(ICausalLanguageModel model, Tokenizer tokenizer, BackendProvenance provenance)
    {
        _model = model;
        Tokenizer = tokenizer;
        Provenance = provenance;
    }

    public BackendCapabilities Capabilities =>
        BackendCapabilities.TokenLogProbs | BackendCapabilities.TopLogProbs | BackendCapabilities.ChosenLogProbs |
        BackendCapabilities.FullDistribution | BackendCapabilities.HiddenStates | BackendCapabilities.TokenOffsets;

    public BackendProvenance Provenance { get; }

    public ITextTokenizer Tokenizer { get; }

    public int MaxContext => _model.MaxPositions;

    public int VocabSize => _model.VocabSize;

    public int HiddenSize => _model.HiddenSize;

    /// <summary>The engine underneath (for components that need more than the contract, e.g. all hidden layers).</summary>
    public ICausalLanguageModel Model => _model;

    /// <summary>
    /// Loads a Hugging Face folder, or a GGUF file (llama, qwen2, gpt2; its Q8_0 tensors as stored with
    /// <c>weights: q8_0</c>, the default for a q8_0 file) with the tokenizer.json beside it or given;
    /// <paramref name="reason"/> says why this engine runs it.
    /// </summary>
    public static ManagedBackend Load(BackendOptions options, string reason)
    {
        var path = options.Model;
        var isGguf = File.Exists(path) && path.EndsWith(".gguf", StringComparison.OrdinalIgnoreCase);
        if (!Directory.Exists(path) && !isGguf)
            throw new ArgumentException($"{options.Owner}: the managed engine reads Hugging Face folders and GGUF files; '{path}' is neither");
        var folder = isGguf ? Path.GetDirectoryName(path)! : path;
        var tokenizerPath = options.TokenizerPath is null ? folder : Path.GetFullPath(options.TokenizerPath);
        if (!File.Exists(Path.Combine(tokenizerPath, "tokenizer.json")) && !File.Exists(tokenizerPath))
        {
            throw new ArgumentException(isGguf
                ? $"{options.Owner}: the managed engine tokenises with a tokenizer.json and none is beside '{path}'; give one with 'tokenizer', or use backend: llama.cpp (the GGUF's own vocabulary)"
                : $"{options.Owner}: model folder '{folder}' has no tokenizer.json (the scorer tokenises with the model's own tokenizer; give one with 'tokenizer')");
        }
        ICausalLanguageModel model;
        string fingerprint, dtype;
        WeightFormat weights;
        if (isGguf)
        {
            var file = Models.Gguf.GgufFile.Read(path);
            weights = options.Weights ?? (file.Quantisation == "q8_0" ? WeightFormat.Q8_0 : WeightFormat.Float32);
            fingerprint = ModelFingerprint.Compute(null, [path]);
            model = CausalLM.LoadGguf(path, new ModelOptions { Threads = options.Threads, Weights = weights });
            dtype = weights == WeightFormat.Q8_0 ? $"q8_0 (from a {file.Quantisation} GGUF file)" : $"float32 (widened from a {file.Quantisation} GGUF file)";
        }
        else
        {
            weights = options.Weights ?? WeightFormat.Float32;
            var modelOptions = new ModelOptions { Threads = options.Threads, Weights = weights };
            if (PeftAdapterFolder.IsAdapter(folder))
            {
                if (weights != WeightFormat.Float32)
                    throw new ArgumentException($"{options.Owner}: weights: q8_0 cannot hold a LoRA adapter folder ('{folder}'); merge it into its base first, or use weights: f32");
                // A LoRA adapter folder: its base merged with the adapters; the fingerprint covers both.
                model = CausalLM.LoadAdapter(folder, modelOptions, out var baseFolder);
                using var baseDirectory = ModelDirectory.Open(baseFolder);
                fingerprint = ModelFingerprint.Compute(baseFolder, baseDirectory.WeightFiles) + "+" +
                    ModelFingerprint.Compute(folder, [Path.Combine(folder, PeftAdapterFolder.WeightsFile)]);
                dtype = baseDirectory.Config.String("torch_dtype") ?? "float32";
            }
            else
            {
                using var directory = ModelDirectory.Open(folder);
                fingerprint = ModelFingerprint.Compute(folder, directory.WeightFiles);
                model = CausalLM.Load(directory.Config, directory, modelOptions);
                dtype = directory.Config.String("torch_dtype") ?? "float32";
            }
            if (weights == WeightFormat.Q8_0)
            {
                // Other numbers than the float32 model's: a resumed run must not mix the two.
                fingerprint += "+q8_0";
                dtype = $"q8_0 (quantised at load from {dtype})";
            }
        }
        var tokenizerFile = File.Exists(tokenizerPath) ? tokenizerPath : Path.Combine(tokenizerPath, "tokenizer.json");
        var settings = new Dictionary<string, string>(StringComparer.Ordinal) { ["weights"] = weights.Name() };
        if (weights == WeightFormat.Q8_0)
            settings["q8_kernel"] = Tensors.Quantised.Q8Gemm.Backend;
        var provenance = new BackendProvenance("managed", path, fingerprint, dtype,
            ToolInfo.Version, "tokenizer.json:" + tokenizerFile, reason, settings);
        return new ManagedBackend(model, Tokenizers.Tokenizer.Load(tokenizerPath), provenance);
    }

    /// <summary>A model built in memory (benchmarks, tests); <paramref name="name"/> stands in for the folder in provenance.</summary>
    public static ManagedBackend InMemory(string name, ICausalLanguageModel model, Tokenizer tokenizer) =>
        new(model, tokenizer, new BackendProvenance("managed", name, "in-memory", "float32", ToolInfo.Version, "in-memory", "built in memory",
            new Dictionary<string, string>(StringComparer.Ordinal)));

    public float[][] TokenLogProbs(IReadOnlyList<int[]> rows, IReadOnlyList<(int From, int To)> scored) => _model.TokenLogProbs(rows, scored);

    public double[][] ChosenLogProbs(IReadOnlyList<int[]> rows, IReadOnlyList<int[]> positions, IReadOnlyList<int> chosenIds)
    {
        var logits = _model.Logits(rows, positions);
        var vocab = _model.VocabSize;
        var result = new double[rows.Count][];
        for (var r = 0; r < rows.Count; r++)
        {
            result[r] = new double[positions[r].Length * chosenIds.Count];
            for (var j = 0; j < positions[r].Length; j++)
            {
                var row = logits[r].AsSpan(j * vocab, vocab);
                double lse = LogSumExpAsFloat(row);
                for (var c = 0; c < chosenIds.Count; c++)
                    result[r][j * chosenIds.Count + c] = row[chosenIds[c]] - lse;
            }
        }
        return result;
    }

    public TopToken[][][] TopLogProbs(IReadOnlyList<int[]> rows, IReadOnlyList<int[]> positions, int k)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(k, 1);
        var logits = _model.Logits(rows, positions);
        var vocab = _model.VocabSize;
        var result = new TopToken[rows.Count][][];
        for (var r = 0; r < rows.Count; r++)
        {
            result[r] = new TopToken[positions[r].Length][];
            for (var j = 0; j < positions[r].Length; j++)
                result[r][j] = TopTokens.Of(logits[r].AsSpan(j * vocab, vocab), k, LogSumExpAsFloat(logits[r].AsSpan(j * vocab, vocab)));
        }
        return result;
    }

    public float[][] LogSoftmax(IReadOnlyList<int[]> rows, IReadOnlyList<int[]> positions) => _model.LogSoftmax(rows, positions);

    public float[][] LastHiddenStates(IReadOnlyList<int[]> rows) => _model.LastHiddenStates(rows);

    public void Dispose()
    {
    }

    /// <summary>log Σ exp over one logits row, accumulated in double and rounded to float (see the class comment).</summary>
    private static float LogSumExpAsFloat(ReadOnlySpan<float> logits) => (float)TopTokens.LogSumExp(logits);
}

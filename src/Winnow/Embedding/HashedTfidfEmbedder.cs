using System.Globalization;
using System.Numerics.Tensors;
using System.Runtime.InteropServices;
using Winnow.Components;
using Winnow.Data;

namespace Winnow.Embedding;

/// <summary>
/// The default embedder, needing no model (registry name <c>hashed-tfidf</c>): word unigrams and bigrams hashed into
/// 2^18 buckets (<see cref="HashedTerms"/>), sublinear tf (1 + ln tf), smooth idf ln((1 + n) / (1 + df)) + 1 from the
/// pool (scikit-learn's <c>TfidfVectorizer(sublinear_tf=True, smooth_idf=True)</c>), a seeded very sparse random
/// projection to 256 dims (<see cref="SparseRandomProjection"/>), then L2 normalisation. (scikit-learn also
/// L2-normalises the tf-idf vector before any projection; that only rescales it, which the final normalisation undoes.)
/// <para>
/// A row with no words (empty or punctuation-only text) gets the zero vector: it has no direction, and zero keeps it
/// equidistant (distance 1) from every normalised row instead of inventing similarity. Terms never seen in
/// <see cref="Fit"/> get the largest idf, ln(1 + n) + 1. Memory: the 2^bits-int document-frequency table plus per-thread
/// scratch; rows stream through <see cref="Fit"/>, and <see cref="Embed"/> works batch by batch.
/// </para>
/// </summary>
[Component("hashed-tfidf", "hashed word uni+bigram TF-IDF (2^18 buckets, pool IDF) projected to 256 dims, L2-normalised; no model")]
[Param("text", ParamType.Choice, "which text of the row is embedded", Default = RowTextNames.Exchange, Values = [RowTextNames.Exchange, RowTextNames.Prompt, RowTextNames.Response, RowTextNames.Conversation])]
[Param("seed", ParamType.Int, "seed of the random projection", Default = "0")]
[Param("dim", ParamType.Int, "output dimensions", Default = "256", Min = 1)]
[Param("bits", ParamType.Int, "log2 of the hash buckets", Default = "18", Min = 1, Max = 28)]
[Param("threads", ParamType.Int, "worker threads", DefaultDoc = "one per core", Min = 1)]
[Needs(TextParam = "text")]
public sealed class HashedTfidfEmbedder : IEmbedder
{
    private readonly HashedTfidfOptions _options;
    private readonly ulong _seedKey;
    private float[]? _idf;

    public HashedTfidfEmbedder(HashedTfidfOptions options)
    {
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(options.Dim);
        if (options.Bits is < 1 or > 28)
            throw new ArgumentOutOfRangeException(nameof(options), options.Bits, "hashed-tfidf: bits must be in 1..28");
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(options.Threads);
        _options = options;
        _seedKey = SparseRandomProjection.SeedKey(options.Seed);
    }

    /// <summary>Registry factory from checked parameters (see <see cref="HashedTfidfOptions"/>).</summary>
    public HashedTfidfEmbedder(Parameters parameters)
        : this(new HashedTfidfOptions
        {
            Text = RowTexts.Parse(parameters.GetString("text")),
            Seed = parameters.GetLong("seed"),
            Dim = parameters.GetInt("dim"),
            Bits = parameters.GetInt("bits"),
            Threads = parameters.GetOptionalInt("threads") ?? Environment.ProcessorCount,
        })
    {
    }

    public string Name => Declared.Name<HashedTfidfEmbedder>();

    public int Dim => _options.Dim;

    /// <summary>Rows seen by <see cref="Fit"/> (the n of the idf).</summary>
    public long Documents { get; private set; }

    public IReadOnlyDictionary<string, string> Settings => new Dictionary<string, string>
    {
        ["text"] = _options.Text.Name(),
        ["seed"] = _options.Seed.ToString(CultureInfo.InvariantCulture),
        ["dim"] = _options.Dim.ToString(CultureInfo.InvariantCulture),
        ["bits"] = _options.Bits.ToString(CultureInfo.InvariantCulture),
        ["tokens"] = "lower-cased runs of Unicode letters, digits and combining marks; unigrams + bigrams",
        ["hash"] = "fnv1a64(utf8) + splitmix64 finaliser",
        ["tf"] = "1 + ln tf",
        ["idf"] = "ln((1 + n) / (1 + df)) + 1",
        ["projection"] = "very sparse random ±1, density 1/8, L2-normalised",
    };

    /// <summary>
    /// Counts document frequencies in one streaming pass, blocks of rows tokenised on
    /// <see cref="HashedTfidfOptions.Threads"/> threads (<see cref="ParallelBlocks"/>). Counts are integers incremented
    /// atomically, so the table does not depend on the thread count or scheduling.
    /// </summary>
    public void Fit(IEnumerable<Sample> pool, CancellationToken cancellationToken)
    {
        var frequency = new int[1 << _options.Bits];
        long documents = 0;
        foreach (var (block, _) in ParallelBlocks.Map(pool, CountBlockRows, _options.Threads, () => new List<int>(), (block, buckets) =>
        {
            foreach (var row in block)
                Count(_options.Text.Of(row), frequency, buckets);
            return block.Length;
        }, cancellationToken))
            documents += block.Length;
        var idf = new float[frequency.Length];
        for (var b = 0; b < idf.Length; b++)
            idf[b] = (float)(Math.Log((1.0 + documents) / (1.0 + frequency[b])) + 1.0);
        _idf = idf;
        Documents = documents;
    }

    /// <summary>Rows one core tokenises at a time in <see cref="Fit"/>.</summary>
    private const int CountBlockRows = 64;

    /// <summary>Adds one to the document frequency of each distinct bucket of a text.</summary>
    private void Count(string text, int[] frequency, List<int> buckets)
    {
        buckets.Clear();
        HashedTerms.Collect(text, _options.Bits, buckets);
        BucketSort.Sort(buckets, _options.Bits);
        var sorted = CollectionsMarshal.AsSpan(buckets);
        for (var t = 0; t < sorted.Length; t++)
        {
            if (t == 0 || sorted[t] != sorted[t - 1])
                Interlocked.Increment(ref frequency[sorted[t]]);
        }
    }

    public void Embed(IReadOnlyList<Sample> batch, EmbeddingMatrix target, int firstRow, CancellationToken cancellationToken)
    {
        var idf = _idf ?? throw new InvalidOperationException("hashed-tfidf: Fit must run over the pool before Embed");
        if (target.Dim != Dim)
            throw new ArgumentException($"hashed-tfidf: target has {target.Dim} columns, expected {Dim}");
        if (firstRow < 0 || firstRow + batch.Count > target.Rows)
            throw new ArgumentOutOfRangeException(nameof(firstRow), $"rows {firstRow}..{firstRow + batch.Count} do not fit a {target.Rows}-row matrix");
        var options = new ParallelOptions { MaxDegreeOfParallelism = _options.Threads, CancellationToken = cancellationToken };
        Parallel.For(0, batch.Count, options, () => new Scratch(Dim), (i, _, scratch) =>
        {
            EmbedOne(_options.Text.Of(batch[i]), idf, scratch);
            var row = target.Row(firstRow + i);
            for (var j = 0; j < Dim; j++)
                row[j] = (Half)scratch.Vector[j];
            return scratch;
        }, _ => { });
    }

    /// <summary>Unit-norm (or zero) embedding of one text into <c>scratch.Vector</c>.</summary>
    private void EmbedOne(string text, float[] idf, Scratch scratch)
    {
        TermWeights(text, idf, scratch);
        var vector = scratch.Vector;
        Array.Clear(vector);
        SparseRandomProjection.Accumulate(CollectionsMarshal.AsSpan(scratch.Unique), CollectionsMarshal.AsSpan(scratch.Weights), _seedKey, vector);
        var norm = Math.Sqrt(TensorPrimitives.SumOfSquares(vector));
        if (norm > 0)
            TensorPrimitives.Divide(vector, (float)norm, vector);
    }

    /// <summary>Distinct buckets of a text in ascending order with their weights (1 + ln tf) · idf.</summary>
    private void TermWeights(string text, float[] idf, Scratch scratch)
    {
        var buckets = scratch.Buckets;
        buckets.Clear();
        HashedTerms.Collect(text, _options.Bits, buckets);
        BucketSort.Sort(buckets, _options.Bits);
        scratch.Unique.Clear();
        scratch.Weights.Clear();
        var sorted = CollectionsMarshal.AsSpan(buckets);
        for (var i = 0; i < sorted.Length;)
        {
            var run = i;
            while (run < sorted.Length && sorted[run] == sorted[i])
                run++;
            scratch.Unique.Add(sorted[i]);
            scratch.Weights.Add((float)((1.0 + Math.Log(run - i)) * idf[sorted[i]]));
            i = run;
        }
    }

    /// <summary>The tf-idf weights of a text by bucket, before projection (for inspection and tests).</summary>
    internal IReadOnlyDictionary<int, float> TermWeights(string text)
    {
        var idf = _idf ?? throw new InvalidOperationException("hashed-tfidf: Fit must run over the pool before Embed");
        var scratch = new Scratch(Dim);
        TermWeights(text, idf, scratch);
        return scratch.Unique.Zip(scratch.Weights).ToDictionary(p => p.First, p => p.Second);
    }

    /// <summary>Per-thread buffers reused across rows.</summary>
    private sealed class Scratch(int dim)
    {
        public List<int> Buckets { get; } = new();
        public List<int> Unique { get; } = new();
        public List<float> Weights { get; } = new();
        public float[] Vector { get; } = new float[dim];
    }
}

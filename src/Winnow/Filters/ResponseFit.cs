using System.Numerics.Tensors;
using Winnow.Data;
using Winnow.Embedding;
using Winnow.Tensors;

namespace Winnow.Filters;

/// <summary>
/// How well a row's response fits its own instruction compared with responses drawn from the pool: the share of
/// reference responses of similar length that fit the row's instruction better than its own does (ties count half),
/// the <em>fit rank</em>. A response written for its instruction beats almost every other response (rank near 0); a
/// response that belongs to another row is, for this instruction, just one more pool response, so its rank is
/// uniform on [0, 1] when it came from a random row and higher when it came from an unrelated task. Because the
/// comparison is within the row against a shuffled-pair baseline, the rank means the same on any pool: it does not
/// depend on how predictable a template's responses are, which is what defeats stat-IFD on templated data.
/// <para>
/// Fit of a response r to row i's instruction: q_i · r, where q_i = p_i + ĉ_i, all in one hashed term space: p_i is
/// the row's unit prompt vector, ĉ_i the normalised sum of the unit response vectors of the <c>k</c> anchor rows whose
/// prompts are nearest to it (the row itself excluded), r the unit response vector. The direct term rewards a response
/// that reuses the instruction's words (an explanation of the named topic); the neighbour term rewards one that looks
/// like the answers to similar instructions (a number for "Add 763 and 945.", a tool call for a tool prompt), which
/// is what makes terse answers testable at all. References are limited to responses within a factor of two of the
/// row's length in words: a longer response shares more words with any query, and length is not fit.
/// </para>
/// <para>
/// Term vectors: lower-cased word unigrams and bigrams hashed into 2^18 buckets (<see cref="HashedTerms"/>), and the
/// same terms of the text with every word cut to five characters and every digit made 0 (<see cref="Stems"/>: a crude
/// stemmer, and a number's shape: a specific number belongs to its row, its shape to its task); binary weights times
/// the pool's smooth idf over prompts and responses as separate documents; L2-normalised. Fits are exact sparse dot
/// products; only the nearest-prompt search uses the 256-dim sparse random projection of <c>hashed-tfidf</c>, whose
/// noise (about 1/16) is as large as the fit of a long response that shares a few words with its instruction.
/// </para>
/// <para>
/// Anchors are the <see cref="Options.Anchors"/> rows with the smallest content hashes (a uniform sample that does
/// not depend on row order); references are taken from them in that order. Cost: one pass for document frequencies
/// and anchors, one to vectorise the anchors and take the dot products of every two anchor responses (the Gram
/// matrix, anchors² / 2 sparse products at most, once), then per row a search of the anchors' projected prompts
/// (anchors · 256 integer multiply-adds, which leave about k candidates for exact products: <see cref="AnchorSearch"/>),
/// the prompt's inverted lists up to its last reference, and k · references reads of the Gram matrix. Memory: the anchors' vectors, their inverted lists and the Gram matrix (anchors² floats, 256 MiB
/// at 8,192 anchors) and, per thread, a <see cref="SparseQuery"/> of the row's own response and the references' fits.
/// </para>
/// </summary>
public sealed class ResponseFit : IDisposable
{
    private const int Bits = 18;
    private const int Dim = 256;

    /// <summary>Neighbours, anchors and references.</summary>
    public sealed record Options
    {
        /// <summary>Anchor rows whose prompts are searched for a row's nearest neighbours.</summary>
        public int Anchors { get; init; } = 8192;

        /// <summary>Nearest anchor prompts whose responses make the neighbour term.</summary>
        public int Neighbours { get; init; } = 10;

        /// <summary>Anchor responses each row's own response is ranked against.</summary>
        public int References { get; init; } = 256;

        /// <summary>Fewer references than this (a tiny pool) leave the rank undefined: it would be too coarse to mean anything.</summary>
        public int MinReferences { get; init; } = 20;

        /// <summary>Rows ranked in parallel; the result does not depend on it.</summary>
        public int Threads { get; init; } = Environment.ProcessorCount;
    }

    private readonly Options _options;
    private readonly ulong _seedKey = SparseRandomProjection.SeedKey(0);
    private float[] _idf = [];
    private long[] _anchorIndex = [];
    private AnchorSearch? _anchorPrompts;
    private AnchorResponses? _anchorResponses;
    private int[] _anchorWords = [];
    // The references of a response of w words: the first References + 1 anchors within a factor of two of w, in anchor
    // order (one more than needed, for a row that is itself one of them). Every row of that length shares the list.
    private readonly System.Collections.Concurrent.ConcurrentDictionary<int, int[]> _referencesByWords = new();

    public ResponseFit(Options options)
    {
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(options.Anchors);
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(options.Neighbours);
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(options.References);
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(options.MinReferences);
        _options = options;
    }

    /// <summary>Threads the fit and the ranks run on.</summary>
    public int Threads => _options.Threads;

    /// <summary>Anchors found by <see cref="Fit"/>.</summary>
    public int AnchorCount => _anchorIndex.Length;

    /// <summary>Fits the idf and the anchors on the pool (two passes of <paramref name="rows"/>; the first finds terms on every core).</summary>
    public void Fit(Func<IEnumerable<Sample>> rows, CancellationToken cancellationToken) =>
        Fit(rows, IPoolRowFilter.FromWholePasses(rows), cancellationToken);

    /// <summary>Fits the idf and the anchors: a pass of <paramref name="rows"/>, then one of <paramref name="some"/> over the anchor rows only.</summary>
    public void Fit(Func<IEnumerable<Sample>> rows, Func<IReadOnlyList<long>, IEnumerable<Sample>> some, CancellationToken cancellationToken)
    {
        var counts = new TermCountTables(Bits);
        // The content hash as a number orders rows as its fixed-width hex text does.
        var anchors = new SortedSet<(ulong Hash, long Index)>();
        long documents = 0;
        var buckets = new List<int>();
        // The texts' terms are found and counted on every core, a block of rows at a time; the anchors are kept in
        // pool order.
        foreach (var (block, _) in ParallelBlocks.Map(rows(), CountBlockRows, _options.Threads, counts.NewTable, (block, table) =>
        {
            foreach (var row in block)
            {
                Count(row.Prompt, table);
                Count(row.Response, table);
            }
            return block.Length;
        }, cancellationToken))
        {
            documents += 2 * block.Length;
            foreach (var row in block)
            {
                var key = (row.Hash, row.Index);
                // Once the set is full, most rows hash above all of it and need no insertion.
                if (anchors.Count == _options.Anchors && key.CompareTo(anchors.Max) > 0)
                    continue;
                anchors.Add(key);
                if (anchors.Count > _options.Anchors)
                    anchors.Remove(anchors.Max);
            }
        }
        var frequency = counts.Sum();
        _idf = new float[frequency.Length];
        for (var b = 0; b < _idf.Length; b++)
            _idf[b] = (float)(Math.Log((1.0 + documents) / (1.0 + frequency[b])) + 1.0);

        var position = anchors.Select((a, k) => (a.Index, k)).ToDictionary(p => p.Index, p => p.k);
        _anchorIndex = new long[anchors.Count];
        var anchorPrompts = new float[anchors.Count * Dim];
        var responses = new TermVector[anchors.Count];
        _anchorWords = new int[anchors.Count];
        foreach (var row in some([.. position.Keys.Order()]))
        {
            if (!position.TryGetValue(row.Index, out var k))
                throw new InvalidOperationException($"response-fit: the anchors' pass gave row {row.Index}, which is not an anchor");
            _anchorIndex[k] = row.Index;
            Project(Vector(row.Prompt, buckets), anchorPrompts.AsSpan(k * Dim, Dim));
            responses[k] = Vector(row.Response, buckets);
            _anchorWords[k] = Words(row.Response);
        }
        var starts = new int[responses.Length + 1];
        for (var k = 0; k < responses.Length; k++)
            starts[k + 1] = starts[k] + responses[k].Buckets.Length;
        var anchorBuckets = new int[starts[^1]];
        var anchorWeights = new float[starts[^1]];
        for (var k = 0; k < responses.Length; k++)
        {
            responses[k].Buckets.CopyTo(anchorBuckets, starts[k]);
            responses[k].Weights.CopyTo(anchorWeights, starts[k]);
        }
        _anchorPrompts = new AnchorSearch(anchorPrompts, anchors.Count, Dim, _anchorIndex);
        _anchorResponses?.Dispose();
        _anchorResponses = new AnchorResponses(starts, anchorBuckets, anchorWeights, Bits, _options.Threads, cancellationToken);
        _referencesByWords.Clear();
    }

    /// <summary>Rows whose terms one core counts at a time in the fit's first pass.</summary>
    private const int CountBlockRows = 64;

    /// <summary>Adds one to the count of each distinct term bucket of a text (a document).</summary>
    private static void Count(string text, TermCountTables.Table table)
    {
        Terms(text, table.Buckets);
        foreach (var b in System.Runtime.InteropServices.CollectionsMarshal.AsSpan(table.Buckets))
            table.Counts[b]++;
    }

    /// <summary>Frees the anchors' Gram matrix; ranks need a new <see cref="Fit"/>.</summary>
    public void Dispose()
    {
        _anchorResponses?.Dispose();
        _anchorResponses = null;
    }

    /// <summary>
    /// Rows whose projected prompts are searched against the anchors together (<see cref="AnchorSearch"/>): each panel
    /// of anchors stays in the core's cache while the block's rows pass over it, so the anchors' panels are read once per
    /// block. Every row's products take the same arithmetic whatever its block.
    /// </summary>
    private const int SearchBlock = 64;

    /// <summary>The fit rank of each row (NaN where its prompt or response has no word: no evidence either way).</summary>
    public double[] Rank(IReadOnlyList<Sample> rows, CancellationToken cancellationToken) =>
        [.. ParallelBlocks.Map(rows, SearchBlock, _options.Threads, NewScratch, RankBlock, cancellationToken).SelectMany(b => b.Result)];

    /// <summary>Rows ranked together by <see cref="RankBlock"/>, at most.</summary>
    internal const int RankBlockRows = SearchBlock;

    /// <summary>The buffers one thread needs for <see cref="RankBlock"/>.</summary>
    internal Scratch NewScratch() => new(_anchorIndex.Length, _options.Neighbours, _options.References, _anchorPrompts!.NewScratch(SearchBlock, _options.Neighbours));

    /// <summary>The fit ranks of up to <see cref="RankBlockRows"/> rows, on the calling thread (as <see cref="Rank"/>).</summary>
    internal double[] RankBlock(IReadOnlyList<Sample> rows, Scratch scratch)
    {
        var count = rows.Count;
        if (count > SearchBlock)
            throw new ArgumentException($"a block of {count} rows, at most {SearchBlock}", nameof(rows));
        var ranks = new double[count];
        var prompts = new TermVector[count];
        var responses = new TermVector[count];
        for (var r = 0; r < count; r++)
        {
            prompts[r] = Vector(rows[r].Prompt, scratch.Buckets);
            responses[r] = Vector(rows[r].Response, scratch.Buckets);
            Project(prompts[r], scratch.Projected.AsSpan(r * Dim, Dim));
        }
        _anchorPrompts!.Prepare(scratch.Projected, count, scratch.Search);
        for (var r = 0; r < count; r++)
        {
            var row = rows[r];
            ranks[r] = prompts[r].Buckets.Length > 0 && responses[r].Buckets.Length > 0
                ? RankOne(row.Index, Words(row.Response), prompts[r], responses[r], r, scratch)
                : double.NaN;
        }
        return ranks;
    }

    /// <summary>
    /// The rank given the row's unit prompt and response vectors and its projected prompt's dot products with the
    /// anchor prompts. The query is q = p + S / |S|, S the sum of the k nearest anchors' responses (the row itself left
    /// out; with none, q = p), so a response r fits it by p · r + Σ_n (r_n · r) / |S|, with |S|² = Σ_n Σ_n' r_n · r_n':
    /// the prompt's fits to the references come from the anchors' inverted lists, the neighbour term from the Gram
    /// matrix (<see cref="AnchorResponses"/>), and the own response's from its dot products with the prompt and the k
    /// neighbours, summed the same way. Fits are exact dot products of the hashed term vectors (a projection's noise,
    /// about 1/16 at 256 dims, is as large as the fit of a long response that shares a few words with its instruction).
    /// </summary>
    private double RankOne(long index, int words, TermVector prompt, TermVector response, int blockRow, Scratch scratch)
    {
        var references = References(words, index, scratch.References);
        if (references.Length < _options.MinReferences)
            return double.NaN;
        var anchors = _anchorResponses!;
        var neighbours = scratch.Neighbours.AsSpan(0, _anchorPrompts!.Nearest(blockRow, scratch.Projected.AsSpan(blockRow * Dim, Dim), index, scratch.Neighbours, scratch.Search));
        var squares = 0.0;
        foreach (var n in neighbours)
        {
            var gram = anchors.GramRow(n);
            foreach (var other in neighbours)
                squares += gram[other];
        }
        // Neighbours whose responses have no word add nothing; with none left the query is the prompt alone.
        var norm = Math.Sqrt(squares);
        var query = scratch.Query;
        query.Reset(response.Buckets.Length);
        query.Add(response.Buckets, response.Weights);
        var ownNeighbours = 0.0;
        foreach (var n in neighbours)
            ownNeighbours += (float)query.Fit(anchors.Buckets(n), anchors.Weights(n));
        var own = query.Fit(prompt.Buckets, prompt.Weights) + (norm > 0 ? ownNeighbours / norm : 0);

        var promptFits = scratch.PromptFits.AsSpan(0, references[^1] + 1);
        promptFits.Clear();
        anchors.AddFits(prompt.Buckets, prompt.Weights, promptFits.Length, promptFits);
        var neighbourFits = scratch.NeighbourFits.AsSpan(0, references.Length);
        neighbourFits.Clear();
        foreach (var n in neighbours)
        {
            var gram = anchors.GramRow(n);
            for (var j = 0; j < references.Length; j++)
                neighbourFits[j] += gram[references[j]];
        }
        double better = 0;
        for (var j = 0; j < references.Length; j++)
        {
            var fit = promptFits[references[j]] + (norm > 0 ? neighbourFits[j] / norm : 0);
            better += fit > own ? 1 : fit == own ? 0.5 : 0;
        }
        return better / references.Length;
    }

    /// <summary>
    /// Row <paramref name="index"/>'s references, ascending: the first <see cref="Options.References"/> anchors whose
    /// responses are within a factor of two of its <paramref name="words"/> (a longer response shares more words with
    /// any query, and length is not fit), the row itself left out.
    /// </summary>
    private ReadOnlySpan<int> References(int words, long index, int[] target)
    {
        var candidates = _referencesByWords.GetOrAdd(words, w =>
        {
            var list = new List<int>(_options.References + 1);
            for (var k = 0; k < _anchorIndex.Length && list.Count <= _options.References; k++)
            {
                if (_anchorWords[k] <= 2 * w && 2 * _anchorWords[k] >= w)
                    list.Add(k);
            }
            return [.. list];
        });
        var count = 0;
        foreach (var k in candidates)
        {
            if (count == _options.References)
                break;
            if (_anchorIndex[k] != index)
                target[count++] = k;
        }
        return target.AsSpan(0, count);
    }

    /// <summary>Per-thread buffers: a block's projected prompts and the search's products of them with the anchors; a row's nearest anchors, its own response as a query, its references and their fits.</summary>
    internal sealed class Scratch(int anchors, int neighbours, int references, AnchorSearch.Scratch search)
    {
        public List<int> Buckets { get; } = [];
        public float[] Projected { get; } = new float[SearchBlock * Dim];
        public AnchorSearch.Scratch Search { get; } = search;
        public SparseQuery Query { get; } = new(Bits);
        public int[] Neighbours { get; } = new int[neighbours];
        public int[] References { get; } = new int[references];
        public double[] PromptFits { get; } = new double[anchors];
        public double[] NeighbourFits { get; } = new double[references];
    }

    /// <summary>Runs of letters or digits.</summary>
    internal static int Words(string text)
    {
        var words = 0;
        var inWord = false;
        foreach (var c in text)
        {
            var letter = char.IsLetterOrDigit(c);
            if (letter && !inWord)
                words++;
            inWord = letter;
        }
        return words;
    }

    /// <summary>A text's distinct term buckets (ascending) with unit-norm idf weights; empty when it has no word.</summary>
    private TermVector Vector(string text, List<int> buckets)
    {
        Terms(text, buckets);
        var terms = System.Runtime.InteropServices.CollectionsMarshal.AsSpan(buckets);
        var weights = new float[terms.Length];
        var norm = 0.0;
        for (var t = 0; t < terms.Length; t++)
        {
            weights[t] = _idf[terms[t]];
            norm += (double)weights[t] * weights[t];
        }
        for (var t = 0; t < weights.Length; t++)
            weights[t] = (float)(weights[t] / Math.Sqrt(norm));
        return new TermVector(terms.ToArray(), weights);
    }

    /// <summary>The unit-norm random projection of a term vector (for the nearest-prompt search only).</summary>
    private void Project(TermVector vector, Span<float> target)
    {
        target.Clear();
        SparseRandomProjection.Accumulate(vector.Buckets, vector.Weights, _seedKey, target);
        var norm = TensorPrimitives.Norm(target);
        if (norm > 0)
            TensorPrimitives.Divide(target, norm, target);
    }

    /// <summary>Distinct buckets, ascending, and their weights.</summary>
    private readonly record struct TermVector(int[] Buckets, float[] Weights);

    /// <summary>
    /// The text with every word cut to its first <see cref="StemLength"/> characters and every ASCII digit made 0: a
    /// crude stemmer for any language ("indian" meets "india") and a number's shape ("1708" meets "2045"). The reference
    /// twin of the stems <see cref="Terms"/> hashes in the same scan as the text (tests check the buckets alike).
    /// </summary>
    internal static string Stems(string text)
    {
        var result = new System.Text.StringBuilder(text.Length);
        var inWord = 0;
        foreach (var c in text)
        {
            var word = char.IsLetterOrDigit(c);
            inWord = word ? inWord + 1 : 0;
            if (!word)
                result.Append(' ');
            else if (inWord <= StemLength)
                result.Append(char.IsAsciiDigit(c) ? '0' : c);
        }
        return result.ToString();
    }

    private const int StemLength = 5;

    /// <summary>
    /// The distinct buckets of a text's terms and of its <see cref="Stems"/>' terms, ascending: one scan of the text
    /// (<see cref="HashedTerms.Collect(string, int, int, List{int})"/>), not a stems string and a second scan.
    /// </summary>
    internal static void Terms(string text, List<int> buckets)
    {
        buckets.Clear();
        HashedTerms.Collect(text, Bits, StemLength, buckets);
        BucketSort.Sort(buckets, Bits);
        var sorted = System.Runtime.InteropServices.CollectionsMarshal.AsSpan(buckets);
        var unique = Math.Min(1, sorted.Length);
        for (var t = 1; t < sorted.Length; t++)
        {
            if (sorted[t] != sorted[unique - 1])
                sorted[unique++] = sorted[t];
        }
        buckets.RemoveRange(unique, buckets.Count - unique);
    }
}

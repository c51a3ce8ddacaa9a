namespace Winnow.Tokenizers.Models;

/// <summary>
/// Unigram language model (SentencePiece / XLM-R / T5): Viterbi over the lattice of vocabulary pieces by log
/// probability. A position no single-character piece covers gets the unknown token with score (min score − 10);
/// adjacent unknowns fuse into one token whose string is the original text (as the reference does), or, with
/// byte_fallback, become &lt;0xXX&gt; byte tokens.
/// </summary>
internal sealed class UnigramModel : ITokenizerModel
{
    private const double UnknownPenalty = 10.0;

    /// <summary>Pieces up to this many UTF-16 units reuse per-thread lattice arrays; longer ones allocate their own.</summary>
    private const int MaxRetainedLattice = 4096;

    private readonly Vocabulary _vocab;
    private readonly double[] _scores;
    private readonly int _unkId;
    private readonly double _unkScore;
    private readonly ByteFallback? _byteFallback;
    private readonly CharTrie _trie = new();

    [ThreadStatic] private static double[]? t_best;
    [ThreadStatic] private static int[]? t_from;
    [ThreadStatic] private static int[]? t_id;

    public UnigramModel(IReadOnlyList<(string Piece, double Score)> pieces, int unkId, bool byteFallback)
    {
        var ids = new Dictionary<string, int>(pieces.Count, StringComparer.Ordinal);
        _scores = new double[pieces.Count];
        for (int i = 0; i < pieces.Count; i++)
        {
            ids.TryAdd(pieces[i].Piece, i);
            _scores[i] = pieces[i].Score;
            _trie.Insert(pieces[i].Piece, i);
        }
        _vocab = new Vocabulary(ids, "model.vocab");
        if ((uint)unkId >= (uint)pieces.Count)
            throw new TokenizerFormatException($"tokenizer.json: model.unk_id {unkId} is outside model.vocab (0..{pieces.Count - 1})");
        _unkId = unkId;
        UnkToken = pieces[unkId].Piece;
        _unkScore = _scores.Min() - UnknownPenalty;
        _scores[unkId] = _unkScore;
        if (byteFallback)
            _byteFallback = ByteFallback.TryCreate(_vocab) ?? throw new TokenizerFormatException(
                "tokenizer.json: model.byte_fallback is true but model.vocab lacks some of the 256 tokens <0x00>..<0xFF>");
    }

    public string? UnkToken { get; }

    public int VocabSize => _scores.Length;

    public int? TokenToId(string token) => _vocab[token];

    public string? IdToToken(int id) => _vocab.TokenOf(id);

    public void Tokenize(string piece, List<ModelToken> output)
    {
        int n = piece.Length;
        if (n == 0) return;
        double[] best;
        int[] from, ids;
        if (n + 1 > MaxRetainedLattice)
        {
            // A huge piece gets its own arrays so that the thread does not keep them afterwards.
            (best, from, ids) = (new double[n + 1], new int[n + 1], new int[n + 1]);
        }
        else
        {
            if (t_best is null || t_best.Length < n + 1)
                (t_best, t_from, t_id) = (new double[MaxRetainedLattice], new int[MaxRetainedLattice], new int[MaxRetainedLattice]);
            (best, from, ids) = (t_best, t_from!, t_id!);
        }
        best[0] = 0;
        for (int i = 1; i <= n; i++) best[i] = double.NegativeInfinity;
        for (int p = 0; p < n; p++)
        {
            if (double.IsNegativeInfinity(best[p])) continue; // inside a surrogate pair
            int single = p + Utf16.CodePointLength(piece, p);
            bool hasSingle = false;
            int node = CharTrie.Root;
            for (int j = p; j < n; j++)
            {
                node = _trie.Child(node, piece[j]);
                if (node < 0) break;
                int id = _trie.ValueAt(node);
                if (id < 0) continue;
                if (j + 1 == single) hasSingle = true;
                Relax(best, from, ids, p, j + 1, id, _scores[id]);
            }
            if (!hasSingle) Relax(best, from, ids, p, single, _unkId, _unkScore);
        }
        int first = output.Count;
        for (int e = n; e > 0; e = from[e]) output.Add(new ModelToken(ids[e], from[e], e));
        output.Reverse(first, output.Count - first);
        if (output.Count > first) Finish(piece, output, first);
    }

    private static void Relax(double[] best, int[] from, int[] ids, int start, int end, int id, double score)
    {
        double candidate = best[start] + score;
        if (candidate > best[end])
        {
            best[end] = candidate;
            from[end] = start;
            ids[end] = id;
        }
    }

    /// <summary>Fuses adjacent unknown tokens (or expands them to byte tokens) in output[first..].</summary>
    private void Finish(string piece, List<ModelToken> output, int first)
    {
        int write = first;
        List<int>? bytes = null;
        for (int read = first; read < output.Count; read++)
        {
            var t = output[read];
            if (t.Id != _unkId)
            {
                output[write++] = t;
                continue;
            }
            int end = t.End;
            while (read + 1 < output.Count && output[read + 1].Id == _unkId) end = output[++read].End;
            if (_byteFallback is null)
            {
                output[write++] = new ModelToken(_unkId, t.Start, end, piece[t.Start..end]);
                continue;
            }
            bytes ??= [];
            bytes.Clear();
            _byteFallback.AppendIds(piece.AsSpan(t.Start, end - t.Start), bytes);
            // Byte tokens may outnumber the unknowns they replace: move the tail out of the way first.
            var tail = output.GetRange(read + 1, output.Count - read - 1);
            output.RemoveRange(write, output.Count - write);
            foreach (int b in bytes) output.Add(new ModelToken(b, t.Start, end));
            write = output.Count;
            read = write - 1;
            output.AddRange(tail);
        }
        output.RemoveRange(write, output.Count - write);
    }
}

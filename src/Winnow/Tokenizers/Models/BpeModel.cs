using System.Collections.Concurrent;

namespace Winnow.Tokenizers.Models;

/// <summary>
/// Byte-pair encoding (GPT-2 byte-level and SentencePiece style). A piece starts as one symbol per character (or its
/// byte tokens / unk when the character is not in the vocabulary), then the lowest-ranked adjacent pair is merged
/// repeatedly, leftmost first on ties — with a heap, so a long piece (a whole document for SentencePiece models
/// without a pre-tokenizer) costs O(n log n). Results for short pieces are cached (bounded).
/// </summary>
internal sealed class BpeModel : ITokenizerModel
{
    private const int CacheCapacity = 10_000;
    private const int MaxCachedLength = 256;
    private const int MaxRetainedScratch = 4096;

    private readonly Vocabulary _vocab;
    private readonly BpeMerges _merges;
    private readonly int _unkId = -1;
    private readonly bool _fuseUnk;
    private readonly ByteFallback? _byteFallback;
    private readonly bool _ignoreMerges;
    private readonly string _prefix;
    private readonly string _suffix;
    private readonly ConcurrentDictionary<string, CachedWord> _cache = new(StringComparer.Ordinal);
    // ConcurrentDictionary.Count takes every bucket lock (up to 1024): far too slow to ask on each cache miss.
    private int _cacheCount;

    private sealed record CachedWord(int[] Ids, int[] Starts, int[] Ends);

    [ThreadStatic] private static Scratch? t_scratch;

    public BpeModel(Vocabulary vocab, BpeMerges merges, string? unkToken, bool fuseUnk, bool byteFallback,
        bool ignoreMerges, string continuingSubwordPrefix, string endOfWordSuffix)
    {
        _vocab = vocab;
        _merges = merges;
        UnkToken = unkToken;
        if (unkToken is not null)
            _unkId = vocab[unkToken] ?? throw new TokenizerFormatException(
                $"tokenizer.json: model.unk_token '{unkToken}' is not in model.vocab");
        _fuseUnk = fuseUnk;
        if (byteFallback)
            _byteFallback = ByteFallback.TryCreate(vocab) ?? throw new TokenizerFormatException(
                "tokenizer.json: model.byte_fallback is true but model.vocab lacks some of the 256 tokens <0x00>..<0xFF>");
        _ignoreMerges = ignoreMerges;
        _prefix = continuingSubwordPrefix;
        _suffix = endOfWordSuffix;
    }

    public string? UnkToken { get; }

    public int VocabSize => _vocab.Size;

    public int? TokenToId(string token) => _vocab[token];

    public string? IdToToken(int id) => _vocab.TokenOf(id);

    public void Tokenize(string piece, List<ModelToken> output)
    {
        if (piece.Length == 0) return;
        if (_ignoreMerges && _vocab.TryGetId(piece, out int whole))
        {
            output.Add(new ModelToken(whole, 0, piece.Length));
            return;
        }
        if (_cache.TryGetValue(piece, out var cached))
        {
            for (int i = 0; i < cached.Ids.Length; i++) output.Add(new ModelToken(cached.Ids[i], cached.Starts[i], cached.Ends[i]));
            return;
        }
        // A huge piece (a whole document without pre-tokenizer) gets its own scratch, not kept by the thread.
        var s = piece.Length > MaxRetainedScratch ? new Scratch() : t_scratch ??= new Scratch();
        int first = output.Count;
        Merge(piece, s, output);
        if (piece.Length < MaxCachedLength && Volatile.Read(ref _cacheCount) < CacheCapacity)
        {
            int n = output.Count - first;
            var word = new CachedWord(new int[n], new int[n], new int[n]);
            for (int i = 0; i < n; i++)
            {
                var t = output[first + i];
                (word.Ids[i], word.Starts[i], word.Ends[i]) = (t.Id, t.Start, t.End);
            }
            if (_cache.TryAdd(piece, word)) Interlocked.Increment(ref _cacheCount);
        }
    }

    private sealed class Scratch
    {
        public readonly List<int> Id = [], Start = [], End = [], Prev = [], Next = [], ByteIds = [];
        public readonly List<bool> Removed = [];
        public readonly PriorityQueue<(int Pos, int NewId), long> Queue = new();

        public void Clear()
        {
            Id.Clear(); Start.Clear(); End.Clear(); Prev.Clear(); Next.Clear(); Removed.Clear(); Queue.Clear();
        }

        public void Add(int id, int start, int end)
        {
            Prev.Add(Id.Count - 1);
            Next.Add(Id.Count + 1);
            Id.Add(id);
            Start.Add(start);
            End.Add(end);
            Removed.Add(false);
        }
    }

    private void Merge(string piece, Scratch s, List<ModelToken> output)
    {
        s.Clear();
        AddInitialSymbols(piece, s);
        int n = s.Id.Count;
        if (n == 0) return;
        s.Next[n - 1] = -1;
        for (int i = 0; i + 1 < n; i++) Enqueue(s, i, i + 1);
        while (s.Queue.TryDequeue(out var top, out _))
        {
            int pos = top.Pos;
            if (s.Removed[pos]) continue;
            int next = s.Next[pos];
            if (next < 0 || !_merges.TryGet(s.Id[pos], s.Id[next], out var m) || m.NewId != top.NewId) continue;
            s.Id[pos] = m.NewId;
            s.End[pos] = s.End[next];
            s.Removed[next] = true;
            int after = s.Next[next];
            s.Next[pos] = after;
            if (after >= 0) s.Prev[after] = pos;
            if (s.Prev[pos] >= 0) Enqueue(s, s.Prev[pos], pos);
            if (after >= 0) Enqueue(s, pos, after);
        }
        for (int i = 0; i >= 0; i = s.Next[i]) output.Add(new ModelToken(s.Id[i], s.Start[i], s.End[i]));
    }

    private void Enqueue(Scratch s, int left, int right)
    {
        if (_merges.TryGet(s.Id[left], s.Id[right], out var m))
            s.Queue.Enqueue((left, m.NewId), ((long)m.Rank << 32) | (uint)left);
    }

    private void AddInitialSymbols(string piece, Scratch s)
    {
        bool affixes = _prefix.Length > 0 || _suffix.Length > 0;
        bool lastWasUnk = false;
        for (int i = 0; i < piece.Length;)
        {
            int len = Utf16.CodePointLength(piece, i);
            var ch = piece.AsSpan(i, len);
            bool found = affixes
                ? _vocab.TryGetId((i > 0 ? _prefix : "") + ch.ToString() + (i + len == piece.Length ? _suffix : ""), out int id)
                : _vocab.TryGetId(ch, out id);
            if (found)
            {
                s.Add(id, i, i + len);
                lastWasUnk = false;
            }
            else if (_byteFallback is not null)
            {
                s.ByteIds.Clear();
                _byteFallback.AppendIds(ch, s.ByteIds);
                foreach (int b in s.ByteIds) s.Add(b, i, i + len);
                lastWasUnk = false;
            }
            else if (_unkId >= 0)
            {
                if (_fuseUnk && lastWasUnk) s.End[^1] = i + len;
                else s.Add(_unkId, i, i + len);
                lastWasUnk = true;
            }
            else
            {
                throw new InvalidOperationException(
                    $"BPE: character U+{Utf16.CodePointAt(piece, i, out _):X4} is not in the vocabulary and the model has neither byte_fallback nor an unk_token");
            }
            i += len;
        }
    }
}

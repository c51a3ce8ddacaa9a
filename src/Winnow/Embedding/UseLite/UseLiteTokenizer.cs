using System.Text.Json;
using Winnow.Text.Unicode;

namespace Winnow.Embedding.UseLite;

/// <summary>
/// The USE-lite tokenizer as the package's JavaScript runs it (a SentencePiece-style unigram Viterbi over the
/// scored pieces of <c>vocab.json</c>), reproduced step for step because its quirks decide the ids:
/// NFKC, then "▁" before the text and for every space; every piece that starts at a position is an edge, and a
/// position where no piece starts gets a one-symbol edge to id 0 (unknown) with score 0; a position's best score
/// starts unset as 0 and any later edge with a score ≥ the current one wins, so an edge also replaces a real 0;
/// the backtrack steps back by the UTF-16 length of the chosen piece's text; runs of unknown ids collapse to one.
/// The first six vocabulary entries (unknown, &lt;s&gt;, &lt;/s&gt;, three extra ids) are never matched.
/// </summary>
internal sealed class UseLiteTokenizer
{
    private const char Separator = '\u2581';
    private const int ReservedCount = 6;

    private readonly PieceTrie _trie;
    private readonly int[] _pieceUtf16Lengths;

    private UseLiteTokenizer(IReadOnlyList<(string Piece, double Score)> vocabulary)
    {
        _pieceUtf16Lengths = vocabulary.Select(v => v.Piece.Length).ToArray();
        _trie = new PieceTrie();
        for (var i = ReservedCount; i < vocabulary.Count; i++)
            _trie.Insert(CodePoints.Of(vocabulary[i].Piece), vocabulary[i].Score, i);
    }

    public int VocabularySize => _pieceUtf16Lengths.Length;

    /// <summary>Reads <c>vocab.json</c>: a JSON array of <c>[piece, score]</c> pairs, the id being the position.</summary>
    public static UseLiteTokenizer Load(string vocabPath)
    {
        using var stream = File.OpenRead(vocabPath);
        using var document = JsonDocument.Parse(stream);
        var vocabulary = new List<(string, double)>();
        foreach (var entry in document.RootElement.EnumerateArray())
        {
            if (entry.ValueKind != JsonValueKind.Array || entry.GetArrayLength() != 2)
                throw new InvalidDataException($"{vocabPath}: entry {vocabulary.Count} is not a [piece, score] pair");
            // Pieces with ':' have a null score in the package's vocab.json; JavaScript adds null as 0.
            var score = entry[1].ValueKind == JsonValueKind.Null ? 0.0 : entry[1].GetDouble();
            vocabulary.Add((entry[0].GetString() ?? "", score));
        }
        if (vocabulary.Count <= ReservedCount)
            throw new InvalidDataException($"{vocabPath}: {vocabulary.Count} pieces, expected more than the {ReservedCount} reserved ones");
        return new UseLiteTokenizer(vocabulary);
    }

    public int[] Encode(string text)
    {
        var normalized = UnicodeNormalizer.Normalize(text, UnicodeForm.Nfkc, UnicodeTables.NodeIcu);
        if (normalized.Length == 0)
            return [];
        var symbols = CodePoints.Of(Separator + normalized.Replace(' ', Separator));
        var n = symbols.Count;

        // Edges grouped by end position; within a group they arrive in increasing start order, the order in
        // which the JavaScript visits them (it keys its lattice by start position).
        var ending = new List<(int Start, int Id, double Score)>?[n + 1];
        for (var start = 0; start < n; start++)
        {
            var found = false;
            foreach (var (length, id, score) in _trie.PrefixesOf(symbols, start))
            {
                (ending[start + length] ??= []).Add((start, id, score));
                found = true;
            }
            if (!found)
                (ending[start + 1] ??= []).Add((start, 0, 0.0));
        }

        var best = new double[n + 1];
        var words = new int[n + 1];
        for (var end = 0; end <= n; end++)
        {
            if (ending[end] is not { } edges)
                continue;
            foreach (var (start, id, score) in edges)
            {
                var total = score + best[start];
                if (best[end] == 0 || total >= best[end])
                {
                    best[end] = total;
                    words[end] = id;
                }
            }
        }

        var reversed = new List<int>();
        for (var position = n; position > 0; position -= _pieceUtf16Lengths[words[position]])
            reversed.Add(words[position]);
        var ids = new List<int>(reversed.Count);
        var previousUnknown = false;
        foreach (var id in reversed)
        {
            if (!(previousUnknown && id == 0))
                ids.Add(id);
            previousUnknown = id == 0;
        }
        ids.Reverse();
        return ids.ToArray();
    }
}

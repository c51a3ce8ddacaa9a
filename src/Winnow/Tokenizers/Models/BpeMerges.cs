namespace Winnow.Tokenizers.Models;

/// <summary>
/// BPE merge table: (left id, right id) → (rank, merged id). Built from tokenizer.json's "merges", given either as
/// "a b" strings or as ["a", "b"] pairs; every merge must name tokens of the vocabulary and produce one.
/// </summary>
internal sealed class BpeMerges
{
    private readonly Dictionary<long, (int Rank, int NewId)> _table;

    private BpeMerges(Dictionary<long, (int, int)> table) => _table = table;

    public static long Key(int left, int right) => ((long)left << 32) | (uint)right;

    public bool TryGet(int left, int right, out (int Rank, int NewId) merge) => _table.TryGetValue(Key(left, right), out merge);

    /// <param name="pairs">The merges in rank order.</param>
    /// <param name="continuingSubwordPrefix">Stripped from the right part when forming the merged token (as the reference does).</param>
    public static BpeMerges Build(IReadOnlyList<(string Left, string Right)> pairs, Vocabulary vocab, string continuingSubwordPrefix)
    {
        var table = new Dictionary<long, (int, int)>(pairs.Count, MixedLongComparer.Instance);
        for (int rank = 0; rank < pairs.Count; rank++)
        {
            var (a, b) = pairs[rank];
            if (a.Length == 0 || b.Length == 0)
                throw new TokenizerFormatException($"tokenizer.json: model.merges[{rank}] has an empty part; expected two non-empty tokens");
            int left = IdOf(a, rank, a, b, vocab);
            int right = IdOf(b, rank, a, b, vocab);
            string merged = continuingSubwordPrefix.Length > 0 && b.StartsWith(continuingSubwordPrefix, StringComparison.Ordinal)
                ? a + b[continuingSubwordPrefix.Length..]
                : a + b;
            int newId = IdOf(merged, rank, a, b, vocab);
            table[Key(left, right)] = (rank, newId);
        }
        return new BpeMerges(table);
    }

    private static int IdOf(string token, int rank, string a, string b, Vocabulary vocab) =>
        vocab[token] ?? throw new TokenizerFormatException(
            $"tokenizer.json: model.merges[{rank}] \"{a} {b}\" uses or makes the token '{token}', which is not in model.vocab; every merge must connect vocabulary entries");
}

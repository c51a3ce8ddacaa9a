using Winnow.Data;
using Winnow.Text;

namespace Winnow.Pipeline;

/// <summary>
/// SCAR's pre-steps before scoring (METHODS §5.3), each optional in a recipe: the ASCII-letter language check (a
/// row is kept when both its instruction and its response are more than the given share of ASCII letters
/// [a-zA-Z] among all characters) and MinHash-LSH near-deduplication of "instruction response", or with
/// <see cref="NearDedupSpec.Text"/> = <c>prompt</c> of "instruction input response" (see
/// <see cref="MinHashLsh"/>; the rows of a duplicate cluster collapse to the smallest row index). Both work in one
/// streaming pass and return the rows they set aside with a reason.
/// </summary>
public static class Prefilters
{
    /// <summary>Share of ASCII letters among all characters of <paramref name="text"/> (0 for an empty text).</summary>
    public static double AsciiLetterShare(string text)
    {
        if (text.Length == 0)
            return 0;
        var letters = text.Count(c => c is >= 'a' and <= 'z' or >= 'A' and <= 'Z');
        return (double)letters / text.Length;
    }

    public static IReadOnlyDictionary<long, (string Status, string Reason)> Run(IEnumerable<Sample> rows, double? languageCheck, NearDedupSpec? nearDedup, CancellationToken cancellationToken)
    {
        var setAside = new Dictionary<long, (string, string)>();
        var lsh = nearDedup is { } near ? new MinHashLsh(near.Permutations, near.Bands, near.Seed) : null;
        var lshRows = new List<long>();
        var clusterOf = new Dictionary<int, int>();
        var seen = 0;
        foreach (var row in rows)
        {
            if (++seen % 1024 == 0)
                cancellationToken.ThrowIfCancellationRequested();
            if (languageCheck is { } minShare)
            {
                var instruction = AsciiLetterShare(row.Instruction);
                var response = AsciiLetterShare(row.Response);
                if (instruction <= minShare || response <= minShare)
                {
                    setAside[row.Index] = ("language", $"ASCII letters make {instruction:P0} of the instruction and {response:P0} of the response; both must exceed {minShare:P0}");
                    continue;
                }
            }
            if (lsh is null)
                continue;
            var local = lsh.Count;
            lshRows.Add(row.Index);
            // A row joins the first earlier kept row it duplicates; kept rows are the smallest index of their cluster.
            foreach (var candidate in lsh.AddAndFindCandidates((nearDedup!.Text == "prompt" ? row.Prompt : row.Instruction) + " " + row.Response).Order())
            {
                if (clusterOf.ContainsKey(candidate))
                    continue;
                var jaccard = lsh.Jaccard(candidate, local);
                if (jaccard >= nearDedup!.Threshold)
                {
                    clusterOf[local] = candidate;
                    setAside[row.Index] = ("near-duplicate", $"near-duplicate of row {lshRows[candidate]} (word-bigram Jaccard {jaccard:F3} ≥ {nearDedup.Threshold})");
                    break;
                }
            }
        }
        return setAside;
    }
}

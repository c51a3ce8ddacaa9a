using Winnow.Data;
using Winnow.Pipeline;
using Winnow.Text;

namespace Winnow.Bench.Evaluation;

/// <summary>
/// <c>timing near-dedup-rules SEED FILE…</c>: would a length-aware near-duplicate rule catch the one-word edits of
/// short rows that Jaccard ≥ 0.9 misses, without removing distinct rows (issue 10)? The pool and its 200 planted
/// near-duplicates are those of <c>timing default-eval SEED</c> (same draws, same pool order); exact copies of an
/// earlier row (instruction, input and response) are left out first, as exact-dedup does. Rows are shingled as the
/// default's near-dedup does (instruction, input and response). Pairs compared: every pair with the same prompt,
/// and every MinHash-LSH candidate at 64 bands (a pair at Jaccard 0.5 is found with probability ≈ 1 − 10⁻⁸). For each
/// rule, rows are visited in pool order and a row is set aside when the rule holds with an earlier kept row; it
/// prints, per rule, the planted pairs with both rows kept, the rows set aside per source beyond Jaccard ≥ 0.9 alone,
/// the same on the demo's templated distinct rows, and a sample of the extra pairs; then the planted pairs Jaccard
/// ≥ 0.9 alone keeps, with both responses. The rules: the same prompt (instruction and input) and at most k bigrams
/// differing; at most k differing whatever the prompts; a character edit similarity (Levenshtein).
/// </summary>
public static class NearDedupRuleEvaluation
{
    private const int NearDuplicates = 200, Loops = 20, Swaps = 200;

    private sealed record Rule(string Name, Func<uint[], uint[], bool, Func<double>, bool> Holds);

    private static readonly Rule[] Rules =
    [
        new("Jaccard >= 0.9", (x, y, _, _) => MinHashLsh.Jaccard(x, y) >= 0.9),
        new("  or same prompt, diff <= 4", (x, y, same, _) => MinHashLsh.Jaccard(x, y) >= 0.9 || same && MinHashLsh.Differing(x, y) <= 4),
        new("  or same prompt, diff <= 6", (x, y, same, _) => MinHashLsh.Jaccard(x, y) >= 0.9 || same && MinHashLsh.Differing(x, y) <= 6),
        new("  or same prompt, diff <= 8", (x, y, same, _) => MinHashLsh.Jaccard(x, y) >= 0.9 || same && MinHashLsh.Differing(x, y) <= 8),
        new("  or diff <= 4", (x, y, _, _) => MinHashLsh.Jaccard(x, y) >= 0.9 || MinHashLsh.Differing(x, y) <= 4),
        new("  or J >= 0.7, edit sim >= 0.97", (x, y, _, edit) => MinHashLsh.Jaccard(x, y) >= 0.9 || MinHashLsh.Jaccard(x, y) >= 0.7 && edit() >= 0.97),
        new("  or J >= 0.7, edit sim >= 0.95", (x, y, _, edit) => MinHashLsh.Jaccard(x, y) >= 0.9 || MinHashLsh.Jaccard(x, y) >= 0.7 && edit() >= 0.95),
    ];

    /// <summary>1 − Levenshtein distance / the longer length, when the distance is within a tenth of it; below 0.9 otherwise.</summary>
    private static double EditSimilarity(string a, string b)
    {
        var longest = Math.Max(a.Length, b.Length);
        if (longest == 0)
            return 1;
        var max = longest / 10;
        return 1 - (double)EditDistance.Bounded(a, b, max) / longest;
    }

    [TimingCommand("near-dedup-rules")]
    public static int Run(string[] args)
    {
        if (args.Length < 2)
        {
            Console.Error.WriteLine("usage: timing near-dedup-rules SEED FILE [FILE…]");
            return 2;
        }
        var seed = int.Parse(args[0]);
        var (rows, source, duplicated, copies) = Pool(seed, args[1..]);
        var demo = DemoRows(seed);
        var sources = source.Distinct().ToList();
        var poolRemoved = Rules.Select(r => Removed(rows, r)).ToList();
        var demoRemoved = Rules.Select(r => Removed(demo, r)).ToList();
        Console.WriteLine($"pool {rows.Count:N0} rows (with {NearDuplicates} planted near-duplicates), demo {demo.Count:N0} distinct rows, seed {seed}");
        Console.WriteLine($"{"rule",-30} {"pairs kept",10} {string.Join(" ", sources.Select(s => $"{(s.Length > 14 ? s[..14] : s),14}"))} {"demo",6}");
        var copySet = copies.ToHashSet();
        for (var r = 0; r < Rules.Length; r++)
        {
            var removed = poolRemoved[r];
            var kept = duplicated.Zip(copies).Count(p => !removed.ContainsKey(p.First) && !removed.ContainsKey(p.Second));
            var extra = sources.Select(s => removed.Keys.Count(i => source[i] == s && !copySet.Contains(i) && !poolRemoved[0].ContainsKey(i)));
            Console.WriteLine($"{Rules[r].Name,-30} {kept,10} {string.Join(" ", extra.Select(n => $"{n,14:N0}"))} {demoRemoved[r].Count - demoRemoved[0].Count,6}");
        }
        foreach (var (original, copy) in duplicated.Zip(copies).Where(p => !poolRemoved[0].ContainsKey(p.First) && !poolRemoved[0].ContainsKey(p.Second)))
        {
            var (x, y) = (MinHashLsh.Shingles(rows[original].Prompt + " " + rows[original].Response), MinHashLsh.Shingles(rows[copy].Prompt + " " + rows[copy].Response));
            Console.WriteLine($"planted pair kept: {source[original]} rows {original} / {copy}, Jaccard {MinHashLsh.Jaccard(x, y):F3} ({MinHashLsh.Differing(x, y)} of {x.Length} / {y.Length} shingles differ)");
            Console.WriteLine($"  «{rows[original].Response.ReplaceLineEndings(" ⏎ ")}»");
            Console.WriteLine($"  «{rows[copy].Response.ReplaceLineEndings(" ⏎ ")}»");
        }
        for (var r = 1; r < Rules.Length; r++)
        {
            var sample = poolRemoved[r].Where(e => !poolRemoved[0].ContainsKey(e.Key) && !copySet.Contains(e.Key)).Take(6).ToList();
            Console.WriteLine($"sample of the extra rows of '{Rules[r].Name.Trim()}':");
            foreach (var (row, earlier) in sample)
                Console.WriteLine($"  {source[row]} row {row} ~ row {earlier}: «{Short(rows[earlier])}» / «{Short(rows[row])}»");
            var demoSample = demoRemoved[r].Where(e => !demoRemoved[0].ContainsKey(e.Key)).Take(3).ToList();
            foreach (var (row, earlier) in demoSample)
                Console.WriteLine($"  demo row {row} ~ row {earlier}: «{Short(demo[earlier])}» / «{Short(demo[row])}»");
        }
        return 0;
    }

    private static string Short(Sample row)
    {
        var text = (row.Prompt + " ⏎ " + row.Response).ReplaceLineEndings(" ");
        return text.Length <= 160 ? text : text[..160] + "…";
    }

    /// <summary>Rows set aside by the rule (pool order, earliest kept row first), each with the row it joins.</summary>
    private static Dictionary<int, int> Removed(List<Sample> rows, Rule rule)
    {
        var shingles = rows.Select(r => MinHashLsh.Shingles(r.Prompt + " " + r.Response)).ToArray();
        var earlier = Enumerable.Range(0, rows.Count).Select(_ => new SortedSet<int>()).ToArray();
        foreach (var group in Enumerable.Range(0, rows.Count).GroupBy(i => rows[i].Prompt).Where(g => g.Count() > 1))
        {
            var members = group.ToArray();
            for (var b = 1; b < members.Length; b++)
                for (var a = 0; a < b; a++)
                    earlier[members[b]].Add(members[a]);
        }
        var lsh = new MinHashLsh(128, 64, seed: 0);
        var candidates = new LshCandidates(64);
        var keys = new ulong[64];
        foreach (var s in shingles)
        {
            if (s.Length > 0)
                lsh.BandKeys(s, keys);
            candidates.Add(s.Length > 0 ? keys : []);
        }
        foreach (var pair in candidates.TakePairs())
            earlier[(int)(pair >> 32)].Add((int)(uint)pair);
        var removed = new Dictionary<int, int>();
        for (var row = 0; row < rows.Count; row++)
        {
            foreach (var e in earlier[row])
            {
                if (!removed.ContainsKey(e) && rule.Holds(shingles[e], shingles[row], rows[e].Prompt == rows[row].Prompt, () => EditSimilarity(rows[e].Prompt + " " + rows[e].Response, rows[row].Prompt + " " + rows[row].Response)))
                {
                    removed[row] = e;
                    break;
                }
            }
        }
        return removed;
    }

    /// <summary>default-eval's pool: the same draws, plant and pool order; exact copies of an earlier row left out.</summary>
    private static (List<Sample> Rows, List<string> Source, int[] Duplicated, int[] Copies) Pool(int seed, string[] files)
    {
        var random = new Random(seed);
        var (rows, source) = SelectionEvaluation.ReadWithSources(files);
        var original = rows.Count;
        var order = Enumerable.Range(0, original).OrderBy(_ => random.Next()).ToArray();
        DefaultRecipeEvaluation.PlantSwapsAndLoops(rows, order, Swaps, Loops, random);
        var duplicated = order.Skip(2 * Swaps + Loops).Take(NearDuplicates).ToArray();
        foreach (var i in duplicated)
        {
            rows.Add(SelectionEvaluation.Reindex(SelectionEvaluation.LightEdit(rows[i], random), rows.Count));
            source.Add(source[i]);
        }
        var names = source.Distinct().ToList();
        var poolOrder = Enumerable.Range(0, rows.Count).OrderBy(i => names.IndexOf(source[i])).ThenBy(i => i).ToArray();
        var seen = new HashSet<(string, string, string)>();
        var kept = poolOrder.Where(i => seen.Add((rows[i].Instruction, rows[i].Input, rows[i].Response))).ToList();
        var at = new Dictionary<int, int>();
        for (var k = 0; k < kept.Count; k++)
            at[kept[k]] = k;
        var pairs = duplicated.Select((d, k) => (d, c: original + k)).Where(p => at.ContainsKey(p.d) && at.ContainsKey(p.c)).ToList();
        return (kept.Select((i, k) => SelectionEvaluation.Reindex(rows[i], k)).ToList(), kept.Select(i => source[i]).ToList(),
            pairs.Select(p => at[p.d]).ToArray(), pairs.Select(p => at[p.c]).ToArray());
    }

    private static List<Sample> DemoRows(int seed)
    {
        var (data, manifest) = DemoDataset.Generate(2000, seed);
        var planted = manifest.ExactDuplicates.Select(d => d.Copy).Concat(manifest.EmptyAnswers).Concat(manifest.MismatchedPairs).ToHashSet();
        return data.Where((_, i) => !planted.Contains(i))
            .Select((row, i) => new Sample(i, [new Turn(Role.User, row.Input.Length == 0 ? row.Instruction : row.Instruction + "\n\n" + row.Input), new Turn(Role.Assistant, row.Output)], row.Instruction, row.Input, row.Output))
            .ToList();
    }
}

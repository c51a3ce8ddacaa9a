using Winnow.Data;
using Winnow.Scoring.Statistical;

namespace Winnow.Bench.Evaluation;

/// <summary>
/// How much a row's own instruction helps predict its response compared with instructions drawn from the pool:
/// lift = mean over <see cref="References"/> pool instructions of cond_ce(response | other) − cond_ce(response | own),
/// in nats per word, under the fitted <c>stat-ifd</c> model (leave-one-out as in the scorer). A response written
/// for its instruction is predicted better by it than by other rows' instructions (lift &gt; 0); a response that
/// belongs to another row is not (lift ≈ 0 or below). Unlike stat-IFD itself (cond over direct cross-entropy), the
/// comparison is within the row, so it does not depend on how predictable a template's responses are anyway,
/// which on templated data swamps the signal (docs/quality.md). The reference instructions are fixed per pool:
/// the <see cref="References"/> fitted rows with the smallest content hashes, each used for every row but its own.
/// </summary>
internal sealed class InstructionLift(StatIfdScorer scorer, IReadOnlyList<(string Hash, int[] Instruction)> references)
{
    public const int References = 8;

    /// <summary>Picks the reference instructions: the pool rows with the smallest content hashes that have a known instruction word.</summary>
    public static InstructionLift Fit(StatIfdScorer scorer, IEnumerable<Sample> pool)
    {
        var model = scorer.Model;
        var chosen = new SortedList<string, int[]>(StringComparer.Ordinal);
        foreach (var row in pool)
        {
            if (chosen.Count == References && string.CompareOrdinal(row.ContentHash, chosen.Keys[^1]) >= 0)
                continue;
            var instruction = model.Vocabulary.Encode(row.Prompt, grow: false);
            if (!instruction.Any(id => id != Winnow.Text.LmVocabulary.Unknown) || chosen.ContainsKey(row.ContentHash))
                continue;
            chosen.Add(row.ContentHash, instruction);
            if (chosen.Count > References)
                chosen.RemoveAt(References);
        }
        return new InstructionLift(scorer, chosen.Select(kv => (kv.Key, kv.Value)).ToList());
    }

    /// <summary>The row's lift, or NaN when it has no response word or no known instruction word (no evidence either way).</summary>
    public double Of(Sample row)
    {
        var model = scorer.Model;
        var lambdas = scorer.Lambdas!;
        var response = model.Vocabulary.Encode(row.Response, grow: false);
        if (response.Length == 0)
            return double.NaN;
        var own = CrossEntropy(model.Vocabulary.Encode(row.Prompt, grow: false), out var conditioned);
        if (!conditioned)
            return double.NaN;
        var others = references.Where(r => r.Hash != row.ContentHash).Select(r => CrossEntropy(r.Instruction, out _)).ToList();
        return others.Count == 0 ? double.NaN : others.Average() - own;

        double CrossEntropy(int[] instruction, out bool isConditioned)
        {
            var components = model.Components(row.ContentHash, instruction, response, leaveOneOut: true, out isConditioned);
            var total = 0.0;
            foreach (var p in components)
                total -= Math.Log(lambdas[0] * p[0] + lambdas[1] * p[1] + lambdas[2] * p[2]);
            return total / components.Length;
        }
    }
}

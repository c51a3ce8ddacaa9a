using System.Globalization;
using Winnow.Text;

namespace Winnow.Scoring.Lexical;

/// <summary>
/// Registers the lexical scorers, one registry name per metric family so that a text too short for one metric
/// (HD-D: N &lt; 42, vocd-D: N ≤ 50, Simpson: N &lt; 2) is a row error for that metric alone. Every scorer takes
/// <c>field</c> = response (default) | instruction | whole.
/// </summary>
public static class LexicalScorers
{
    public static void Register(Registry<IScorer> registry)
    {
        registry.Add("lexical.length", "word tokens, characters (Unicode scalars) and exchanges of a text", Length);
        registry.Add("lexical.ttr", "type-token ratio V/N, root TTR V/sqrt(N), corrected TTR V/sqrt(2N)", Ttr);
        registry.Add("lexical.mtld", "MTLD, threshold 0.72, mean of forward and backward passes", MtldScorer);
        registry.Add("lexical.hdd", "HD-D over 42-token draws: hdd = sum P_t / 42 (LexicalRichness scale), hdd_types = sum P_t; needs 42 tokens", HddScorer);
        registry.Add("lexical.vocd", "vocd-D, n = 35..50 x 100 samples x 3 repeats, seeded; needs more than 50 tokens", VocdScorer);
        registry.Add("lexical.simpson", "lexical Simpson's D, unbiased sum f(f-1) / (N(N-1)); needs 2 tokens", Simpson);
    }

    public static LexicalScorer Length(Parameters p) =>
        new("lexical.length", ["length_words", "length_chars", "turns"], Field(p), 0, Empty(), t =>
            [t.Tokens.Count, t.Text.EnumerateRunes().Count(), t.Sample.ExchangeCount]);

    public static LexicalScorer Ttr(Parameters p) =>
        new("lexical.ttr", ["ttr", "rttr", "cttr"], Field(p), 1, Empty(), t =>
        {
            var types = t.Tokens.Distinct(StringComparer.Ordinal).Count();
            var n = t.Tokens.Count;
            return [TypeTokenRatios.Ttr(types, n), TypeTokenRatios.RootTtr(types, n), TypeTokenRatios.CorrectedTtr(types, n)];
        });

    public static LexicalScorer MtldScorer(Parameters p)
    {
        var field = Field(p);
        var threshold = p.GetDouble("threshold", Mtld.DefaultThreshold);
        if (threshold is <= 0 or >= 1)
            throw new ArgumentException($"lexical.mtld: parameter 'threshold' is {threshold}, expected a number in (0, 1)");
        return new("lexical.mtld", ["mtld"], field, 1, One("threshold", threshold), t => [Mtld.Compute(t.Tokens, threshold)]);
    }

    public static LexicalScorer HddScorer(Parameters p)
    {
        var field = Field(p);
        var draws = p.GetInt("draws", Hdd.DefaultDraws);
        if (draws < 1)
            throw new ArgumentException($"lexical.hdd: parameter 'draws' is {draws}, expected a positive integer");
        return new("lexical.hdd", ["hdd", "hdd_types"], field, draws, One("draws", draws), t =>
        {
            var types = Hdd.ExpectedTypes(t.Frequencies().Values, t.Tokens.Count, draws);
            return [types / draws, types];
        });
    }

    public static LexicalScorer VocdScorer(Parameters p)
    {
        var field = Field(p);
        var seed = p.GetLong("seed", (long)Vocd.DefaultSeed);
        return new("lexical.vocd", ["vocd"], field, Vocd.MaxSampleSize + 1, One("seed", seed), t => [Vocd.Compute(t.Tokens, unchecked((ulong)seed))]);
    }

    public static LexicalScorer Simpson(Parameters p) =>
        new("lexical.simpson", ["simpson_d"], Field(p), 2, Empty(), t =>
            [TypeTokenRatios.SimpsonD(t.Frequencies().Values, t.Tokens.Count)]);

    private static TextField Field(Parameters p) => TextFields.Parse(p.GetString("field", "response"));

    private static Dictionary<string, string> Empty() => new(StringComparer.Ordinal);

    private static Dictionary<string, string> One(string key, IFormattable value) =>
        new(StringComparer.Ordinal) { [key] = value.ToString(null, CultureInfo.InvariantCulture) };
}

using System.Globalization;
using Winnow.Components;
using Winnow.Data;
using Winnow.Scoring.Statistical;
using Winnow.Text;

namespace Winnow.Scoring.Default;

/// <summary>
/// <c>default-quality</c>: the model-free quality score of the default pipeline, a documented composite of
/// signals that need no weights:
/// <list type="bullet">
/// <item><c>length_z</c>: z-score over the pool of ln(1 + response words). Longer, more detailed responses are a
/// strong quality baseline for instruction tuning ("Long Is More for Alignment", Zhao et al. 2024), and IFD-based
/// selection is known to favour them too (METHODS §7).</item>
/// <item><c>mtld_z</c>: z-score of the response's MTLD (lexical diversity that does not fall with length,
/// METHODS §6.1), capped at 200; responses under 10 tokens get the pool mean (MTLD is not meaningful there).</item>
/// <item><c>ifd_z</c>: z-score of the statistical IFD (<c>stat-ifd</c>: the response's cross-entropy with the
/// instruction as context over without it). A response the instruction does not help to predict is likely an
/// answer to another question; on real data stat-IFD separates swapped pairs with AUROC ≈ 0.75 where perplexity
/// is at chance (bench/results/textmetrics.md). Rows stat-IFD cannot score get 0.</item>
/// <item><c>penalty</c>: 2 for each defect: a canned refusal/disclaimer phrase, or a response that only echoes
/// the instruction, the input or the prompt.</item>
/// </list>
/// <c>quality</c> = 0.4·length_z + 0.3·mtld_z − 0.3·ifd_z − penalty. The pool statistics come from fitting passes,
/// so the values are deterministic for a given pool. All assistant turns of a multi-turn row count as its response.
/// </summary>
[Component("default-quality", "model-free quality composite of the default pipeline (length, MTLD, defect penalties)")]
[Needs(Text = "prompt and response")]
[Produces("quality", "length_z", "mtld_z", "ifd_z", "penalty")]
public sealed class DefaultQualityScorer : IPoolFittedScorer
{
    private const int MinimumMtldTokens = 10;
    private const double MtldCap = 200;
    private const double DefectPenalty = 2;

    private readonly StatIfdScorer _statIfd = StatIfdScorer.Create(Parameters.For<StatIfdScorer>());
    private Standardizer? _length;
    private Standardizer? _mtld;
    private Standardizer? _ifd;

    public string Name => Declared.Name<DefaultQualityScorer>();

    public string Variant => "default";

    public IReadOnlyList<string> Fields => Declared.Of<DefaultQualityScorer>().Produces;

    public IReadOnlyDictionary<string, string> Settings { get; } = new Dictionary<string, string>
    {
        ["weights"] = "0.4*length_z+0.3*mtld_z-0.3*ifd_z-penalty",
        ["stat_ifd"] = "defaults",
        ["defect_penalty"] = DefectPenalty.ToString(CultureInfo.InvariantCulture),
        ["mtld_cap"] = MtldCap.ToString(CultureInfo.InvariantCulture),
        ["mtld_min_tokens"] = MinimumMtldTokens.ToString(CultureInfo.InvariantCulture),
    };

    public static DefaultQualityScorer Create(Parameters p) => new();

    public void Fit(IEnumerable<Sample> pool, CancellationToken cancellationToken)
    {
        var length = new Standardizer();
        var mtld = new Standardizer();
        var count = 0;
        foreach (var row in pool)
        {
            if (++count % 4096 == 0)
                cancellationToken.ThrowIfCancellationRequested();
            var tokens = LexicalTokenizer.Tokenize(ResponseText(row));
            length.Add(LengthFeature(tokens));
            if (MtldFeature(tokens) is { } m)
                mtld.Add(m);
        }
        _statIfd.Fit(pool, cancellationToken);
        var ifd = new Standardizer();
        foreach (var chunk in pool.Chunk(1024))
        {
            cancellationToken.ThrowIfCancellationRequested();
            foreach (var result in _statIfd.Score(chunk, cancellationToken).Where(r => r.IsOk))
                ifd.Add(result.Values![2]);
        }
        _length = length;
        _mtld = mtld;
        _ifd = ifd;
    }

    public IReadOnlyList<ScoreResult> Score(IReadOnlyList<Sample> batch, CancellationToken cancellationToken)
    {
        if (_length is null || _mtld is null || _ifd is null)
            throw new InvalidOperationException("default-quality must be fitted on the pool before scoring");
        var ifd = _statIfd.Score(batch, cancellationToken);
        var results = new ScoreResult[batch.Count];
        for (var i = 0; i < batch.Count; i++)
        {
            var response = ResponseText(batch[i]);
            var tokens = LexicalTokenizer.Tokenize(response);
            var lengthZ = _length.Z(LengthFeature(tokens));
            var mtldZ = MtldFeature(tokens) is { } m ? _mtld.Z(m) : 0;
            var ifdZ = ifd[i].IsOk && double.IsFinite(ifd[i].Values![2]) ? _ifd.Z(ifd[i].Values![2]) : 0;
            var penalty = (CannedPhrases.Contains(response) ? DefectPenalty : 0) + (RepeatsPrompt(batch[i], response) ? DefectPenalty : 0);
            results[i] = ScoreResult.Ok(0.4 * lengthZ + 0.3 * mtldZ - 0.3 * ifdZ - penalty, lengthZ, mtldZ, ifdZ, penalty);
        }
        return results;
    }

    private static string ResponseText(Sample row) =>
        row.ExchangeCount > 1 ? string.Join("\n", row.Turns.Where(t => t.Role == Role.Assistant).Select(t => t.Text)) : row.Response;

    private static double LengthFeature(List<string> tokens) => Math.Log(1 + tokens.Count);

    private static double? MtldFeature(List<string> tokens) =>
        tokens.Count < MinimumMtldTokens ? null : Math.Min(Mtld.Compute(tokens), MtldCap);

    /// <summary>
    /// True when the response is, up to surrounding whitespace, exactly the instruction, the input or the whole
    /// prompt: an echo, not an answer. Exact text is compared on purpose, since rewriting tasks legitimately
    /// answer with the input's words in new case and punctuation.
    /// </summary>
    private static bool RepeatsPrompt(Sample row, string response)
    {
        var answer = response.Trim();
        return answer.Length > 0 && (answer == row.Instruction.Trim() || answer == row.Input.Trim() || answer == row.Prompt.Trim());
    }

    /// <summary>Running mean and variance (Welford), then z-scores; a constant feature gives 0.</summary>
    private sealed class Standardizer
    {
        private long _count;
        private double _mean;
        private double _m2;

        public void Add(double value)
        {
            _count++;
            var delta = value - _mean;
            _mean += delta / _count;
            _m2 += delta * (value - _mean);
        }

        public double Z(double value)
        {
            var std = _count > 1 ? Math.Sqrt(_m2 / (_count - 1)) : 0;
            return std > 1e-12 ? (value - _mean) / std : 0;
        }
    }
}

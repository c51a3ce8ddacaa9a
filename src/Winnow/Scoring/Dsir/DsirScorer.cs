using System.Collections.ObjectModel;
using System.Globalization;
using Winnow.Components;
using Winnow.Data;
using Winnow.Text;

namespace Winnow.Scoring.Dsir;

/// <summary>
/// <c>dsir</c>: hashed n-gram importance weights (Xie et al. 2023, METHODS §6.3). p_raw is fitted on the pool,
/// p_tgt on the target dataset (optionally Laplace-smoothed), and a row's log-importance is
/// Σ_j c_j (log(p_tgt,j + 1e-8) − log(p_raw,j + 1e-8)). Every row gets a value, short ones included: the
/// length field carries DSIR's length estimate and the <c>dsir</c> selector drops rows below min_example_length,
/// so that threshold can change without rescoring.
/// </summary>
[Component("dsir", "DSIR hashed-n-gram log-importance of each row for a target dataset (param target=PATH); length = DSIR token estimate")]
[Param("target", ParamType.Path, "the target dataset whose distribution rows are weighted towards", Required = true)]
[Param("text", ParamType.Choice, "which text of the row is featurised", Default = RowTextNames.Conversation, Values = [RowTextNames.Response, RowTextNames.Prompt, RowTextNames.Conversation])]
[Param("buckets", ParamType.Int, "hash buckets of the n-gram features", Default = "10000", Min = 1)]
[Param("ngrams", ParamType.Int, "longest n-gram featurised (unigrams up to n)", Default = "2", Min = 1)]
[Param("target_laplace", ParamType.Number, "Laplace smoothing of the target distribution", Default = "0", Min = 0)]
[Needs(TextParam = "text")]
[Produces("log_importance", "length")]
public sealed class DsirScorer : IPoolFittedScorer
{
    private const double Epsilon = 1e-8;
    private readonly Func<IEnumerable<Sample>> _target;
    private readonly RowText _text;
    private readonly int _buckets;
    private readonly int _order;
    private readonly double _laplace;
    private double[]? _logRatio;

    /// <param name="target">Enumerates the target dataset (called once, during <see cref="Fit"/>).</param>
    /// <param name="targetDescription">How the target was given (e.g. its path), for provenance.</param>
    public DsirScorer(Func<IEnumerable<Sample>> target, string targetDescription, RowText text, int buckets, int order, double laplace)
    {
        if (buckets < 1 || order < 1 || laplace < 0)
            throw new ArgumentException("dsir: buckets and ngrams must be positive and target_laplace non-negative");
        _target = target;
        _text = text;
        _buckets = buckets;
        _order = order;
        _laplace = laplace;
        Settings = new ReadOnlyDictionary<string, string>(new Dictionary<string, string>(StringComparer.Ordinal)
        {
            ["target"] = targetDescription,
            ["text"] = text.Name(),
            ["buckets"] = buckets.ToString(CultureInfo.InvariantCulture),
            ["ngrams"] = order.ToString(CultureInfo.InvariantCulture),
            ["target_laplace"] = laplace.ToString("R", CultureInfo.InvariantCulture),
            ["tokenizer"] = "wordpunct-lower",
            ["hash"] = "sha256-mod",
        });
    }

    /// <summary>Builds the scorer from checked parameters; the target dataset is read with the default reader options.</summary>
    public static DsirScorer Create(Parameters p) => Create(p, Pipeline.Catalog.ReadTarget);

    /// <summary>Builds the scorer from checked parameters: <c>target</c> is a dataset path opened with <paramref name="loadTarget"/>.</summary>
    public static DsirScorer Create(Parameters p, Func<string, IEnumerable<Sample>> loadTarget)
    {
        var path = p.GetString("target");
        return new DsirScorer(() => loadTarget(path), path,
            RowTexts.Parse(p.GetString("text")),
            p.GetInt("buckets"),
            p.GetInt("ngrams"),
            p.GetDouble("target_laplace"));
    }

    public string Name => Declared.Name<DsirScorer>();

    public string Variant => "hashed-ngram";

    public IReadOnlyList<string> Fields => Declared.Of<DsirScorer>().Produces;

    public IReadOnlyDictionary<string, string> Settings { get; }

    public void Fit(IEnumerable<Sample> pool, CancellationToken cancellationToken)
    {
        var raw = Distribution(pool, cancellationToken);
        var target = Distribution(_target(), cancellationToken);
        var pRaw = raw.Probabilities(0);
        var pTarget = target.Probabilities(_laplace);
        _logRatio = new double[_buckets];
        for (var j = 0; j < _buckets; j++)
            _logRatio[j] = Math.Log(pTarget[j] + Epsilon) - Math.Log(pRaw[j] + Epsilon);
    }

    public IReadOnlyList<ScoreResult> Score(IReadOnlyList<Sample> batch, CancellationToken cancellationToken)
    {
        var logRatio = _logRatio ?? throw new InvalidOperationException("dsir: Fit must run on the pool before Score");
        var results = new ScoreResult[batch.Count];
        for (var i = 0; i < batch.Count; i++)
        {
            cancellationToken.ThrowIfCancellationRequested();
            double weight = 0;
            long total = 0;
            foreach (var (bucket, count) in Features(batch[i]))
            {
                weight += count * logRatio[bucket];
                total += count;
            }
            results[i] = ScoreResult.Ok(weight, HashedNgrams.EstimatedLength(total, _order));
        }
        return results;
    }

    private HashedDistribution Distribution(IEnumerable<Sample> rows, CancellationToken cancellationToken)
    {
        var distribution = new HashedDistribution(_buckets);
        foreach (var row in rows)
        {
            cancellationToken.ThrowIfCancellationRequested();
            distribution.Add(Features(row));
        }
        return distribution;
    }

    private SortedDictionary<int, int> Features(Sample row) => HashedNgrams.Featurize(_text.Of(row), _buckets, _order);
}

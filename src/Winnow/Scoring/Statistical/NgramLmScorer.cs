using System.Collections.ObjectModel;
using System.Globalization;
using Winnow.Components;
using Winnow.Data;
using Winnow.Text;

namespace Winnow.Scoring.Statistical;

/// <summary>
/// <c>ngram-lm</c>: an interpolated modified Kneser–Ney n-gram model trained on one text field of the pool itself,
/// and each row's perplexity under it (exp of the mean natural-log loss over the row's units and the closing
/// &lt;/s&gt;). By default a pool row is scored leave-one-out — by the model of every other row — so that its own
/// n-grams do not make it look predictable; rows scored that were not in the pool use the full model.
/// </summary>
[Component("ngram-lm", "per-row perplexity under an interpolated modified Kneser-Ney n-gram LM trained on the pool (leave-one-out by default)")]
[Param("order", ParamType.Int, "n-gram order (word units: at most 3; byte units: higher)", Default = "3", Min = 1)]
[Param("unit", ParamType.Choice, "what an n-gram is made of", Default = "word", Values = ["word", "byte"])]
[Param("text", ParamType.Choice, "which text of the row is modelled and scored", Default = RowTextNames.Response, Values = [RowTextNames.Response, RowTextNames.Prompt, RowTextNames.Conversation])]
[Param("leave_one_out", ParamType.Bool, "score each pool row by the model of every other row", Default = "true")]
[Needs(TextParam = "text")]
[Produces("perplexity", "cross_entropy", "units")]
public sealed class NgramLmScorer : IPoolFittedScorer
{
    private readonly int _order;
    private readonly LmUnit _unit;
    private readonly RowText _text;
    private readonly bool _leaveOneOut;
    private LmVocabulary? _vocabulary;
    private PoolNgramModel? _model;

    public NgramLmScorer(int order, LmUnit unit, RowText text, bool leaveOneOut)
    {
        var maxOrder = new LmVocabulary(unit).MaxOrder;
        if (order < 1 || order > maxOrder)
            throw new ArgumentException($"ngram-lm: parameter 'order' is {order}, expected 1..{maxOrder} for {UnitName(unit)} units");
        _order = order;
        _unit = unit;
        _text = text;
        _leaveOneOut = leaveOneOut;
        Settings = new ReadOnlyDictionary<string, string>(new Dictionary<string, string>(StringComparer.Ordinal)
        {
            ["order"] = order.ToString(CultureInfo.InvariantCulture),
            ["unit"] = UnitName(unit),
            ["text"] = text.Name(),
            ["leave_one_out"] = leaveOneOut ? "true" : "false",
            ["smoothing"] = "interpolated-modified-kneser-ney",
            ["oov"] = "uniform-floor",
        });
    }

    public static NgramLmScorer Create(Parameters p) => new(
        p.GetInt("order"),
        ParseUnit(p.GetString("unit")),
        RowTexts.Parse(p.GetString("text")),
        p.GetBool("leave_one_out"));

    public string Name => Declared.Name<NgramLmScorer>();

    public string Variant => UnitName(_unit);

    public IReadOnlyList<string> Fields => Declared.Of<NgramLmScorer>().Produces;

    public IReadOnlyDictionary<string, string> Settings { get; }

    public KneserNeyModel Model => _model?.Model ?? throw NotFitted();

    public void Fit(IEnumerable<Sample> pool, CancellationToken cancellationToken)
    {
        var vocabulary = new LmVocabulary(_unit);
        var builder = new KneserNeyBuilder(_order, vocabulary.Bits);
        var hashes = new HashSet<string>(StringComparer.Ordinal);
        foreach (var sample in pool)
        {
            cancellationToken.ThrowIfCancellationRequested();
            builder.Add(vocabulary.Encode(_text.Of(sample), grow: true));
            hashes.Add(sample.ContentHash);
        }
        _vocabulary = vocabulary;
        _model = new PoolNgramModel(builder.Build(vocabulary.PredictedCount), hashes);
    }

    public IReadOnlyList<ScoreResult> Score(IReadOnlyList<Sample> batch, CancellationToken cancellationToken)
    {
        if (_model is null || _vocabulary is null)
            throw NotFitted();
        var results = new ScoreResult[batch.Count];
        for (var i = 0; i < batch.Count; i++)
        {
            cancellationToken.ThrowIfCancellationRequested();
            var sample = batch[i];
            var ids = _vocabulary.Encode(_text.Of(sample), grow: false);
            if (ids.Length == 0)
            {
                results[i] = ScoreResult.Fail($"ngram-lm: the {_text.Name()} has no {UnitName(_unit)} units");
                continue;
            }
            var logProbs = _model.Model.LogProbabilities(ids, _model.OverlayFor(sample.ContentHash, ids, _leaveOneOut));
            var crossEntropy = -logProbs.Average();
            results[i] = ScoreResult.Ok(Math.Exp(crossEntropy), crossEntropy, ids.Length);
        }
        return results;
    }

    public static LmUnit ParseUnit(string value) => value switch
    {
        "word" => LmUnit.Word,
        "byte" => LmUnit.Byte,
        _ => throw new ArgumentException($"parameter 'unit' is '{value}', expected word or byte"),
    };

    private static string UnitName(LmUnit unit) => unit == LmUnit.Byte ? "byte" : "word";

    private static InvalidOperationException NotFitted() => new("ngram-lm: Fit must run on the pool before Score");
}

using System.Collections.ObjectModel;
using System.Globalization;
using Winnow.Components;
using Winnow.Data;
using Winnow.Text;

namespace Winnow.Scoring.Statistical;

/// <summary>
/// <c>stat-ifd</c>: a model-free Instruction-Following Difficulty. cond_ce is the response's mean cross-entropy
/// (nats per word, &lt;/s&gt; not scored) under <see cref="InstructionConditionedLm"/>, direct_ce under the plain
/// Kneser–Ney model of the pool's responses, ifd = cond_ce / direct_ce (a ratio of mean losses as in Cherry,
/// METHODS §1.1). ifd &lt; 1: the instruction helps predict the response; ifd ≈ 1 or above: it does not (a
/// mismatched pair, or an instruction with no usable words). The design and its choices are in
/// docs/statistical-lm.md.
/// </summary>
[Component("stat-ifd", "model-free IFD: response cross-entropy with the instruction as context (KN LM + instruction cache + IBM Model 1) divided by without it")]
[Param("order", ParamType.Int, "n-gram order of the Kneser-Ney models", Default = "3", Min = 1, Max = 3)]
[Param("leave_one_out", ParamType.Bool, "score each pool row by the models of every other row", Default = "true")]
[Param("lambdas", ParamType.Text, "mixture weights of n-gram LM, instruction cache and IBM Model 1: 'fit' (EM on held-out rows) or three comma-separated weights", Default = "fit")]
[Param("ibm_iterations", ParamType.Int, "EM iterations of IBM Model 1", Default = "5", Min = 1)]
[Param("ibm_top", ParamType.Int, "translations kept per instruction word", Default = "32", Min = 1)]
[Param("ibm_min_rows", ParamType.Int, "rows a word pair must occur in to be kept", Default = "3", Min = 1)]
[Param("lambda_rows", ParamType.Int, "rows used to fit the mixture weights", Default = "2000", Min = 1)]
[Param("fit_rows", ParamType.Int, "rows the LM and translation table are fitted on at most; larger pools are fitted on a content-hash sample", Default = "200000", Min = 1)]
[Param("threads", ParamType.Int, "worker threads while scoring; 0: one per core (results do not depend on it)", Default = "0", Min = 0)]
[Needs(Text = "prompt and response")]
[Produces("cond_ce", "direct_ce", "ifd")]
public sealed class StatIfdScorer : IPoolFittedScorer
{
    private readonly int _order;
    private readonly bool _leaveOneOut;
    private readonly double[]? _fixedLambdas;
    private readonly int _ibmIterations;
    private readonly int _ibmTop;
    private readonly int _ibmMinRows;
    private readonly int _lambdaRows;
    private readonly int _fitRows;
    private readonly int _threads;
    private readonly Dictionary<string, string> _settings;
    private InstructionConditionedLm? _model;
    private double[]? _lambdas;

    public StatIfdScorer(int order, bool leaveOneOut, double[]? fixedLambdas, int ibmIterations, int ibmTop, int ibmMinRows, int lambdaRows,
        int fitRows = DefaultFitRows, int threads = 0)
    {
        if (order is < 1 or > 3)
            throw new ArgumentException($"stat-ifd: parameter 'order' is {order}, expected 1..3");
        if (fixedLambdas is not null && (fixedLambdas.Length != 3 || fixedLambdas.Any(l => l < 0) || fixedLambdas[0] <= 0))
            throw new ArgumentException("stat-ifd: parameter 'lambdas' must be 'fit' or three non-negative weights with the first (the n-gram LM) positive");
        if (ibmIterations < 1 || ibmTop < 1 || ibmMinRows < 1 || lambdaRows < 1 || fitRows < 1)
            throw new ArgumentException("stat-ifd: ibm_iterations, ibm_top, ibm_min_rows, lambda_rows and fit_rows must be positive");
        if (threads < 0)
            throw new ArgumentException($"stat-ifd: parameter 'threads' is {threads}, expected 0 (all cores) or more");
        _order = order;
        _leaveOneOut = leaveOneOut;
        _fixedLambdas = fixedLambdas is null ? null : Normalise(fixedLambdas);
        _ibmIterations = ibmIterations;
        _ibmTop = ibmTop;
        _ibmMinRows = ibmMinRows;
        _lambdaRows = lambdaRows;
        _fitRows = fitRows;
        _threads = threads > 0 ? threads : Environment.ProcessorCount;
        _settings = new Dictionary<string, string>(StringComparer.Ordinal)
        {
            ["order"] = Text(order),
            ["unit"] = "word",
            ["leave_one_out"] = leaveOneOut ? "true" : "false",
            ["lambdas"] = _fixedLambdas is null ? "fit" : string.Join(",", _fixedLambdas.Select(l => l.ToString("R", CultureInfo.InvariantCulture))),
            ["ibm_iterations"] = Text(ibmIterations),
            ["ibm_top"] = Text(ibmTop),
            ["ibm_min_rows"] = Text(ibmMinRows),
            ["lambda_rows"] = Text(lambdaRows),
            ["fit_rows"] = Text(fitRows),
        };
    }

    public static StatIfdScorer Create(Parameters p) => new(
        p.GetInt("order"),
        p.GetBool("leave_one_out"),
        ParseLambdas(p.GetString("lambdas")),
        p.GetInt("ibm_iterations"),
        p.GetInt("ibm_top"),
        p.GetInt("ibm_min_rows"),
        p.GetInt("lambda_rows"),
        p.GetInt("fit_rows"),
        p.GetInt("threads"));

    /// <summary>
    /// Rows the LM and translation table are fitted on at most (parameter <c>fit_rows</c>, whose declared default
    /// this is): bounds the fit's memory and time whatever the pool size; larger pools are fitted on a content-hash
    /// sample (<see cref="FitSample"/>).
    /// </summary>
    public const int DefaultFitRows = 200_000;

    /// <summary>Rows scored per parallel work item; fixed, so results do not depend on the thread count.</summary>
    private const int ScoreChunk = 64;

    public string Name => Declared.Name<StatIfdScorer>();

    public string Variant => "kn-cache-ibm1";

    public IReadOnlyList<string> Fields => Declared.Of<StatIfdScorer>().Produces;

    /// <summary>The parameters, plus the fitted mixture weights once <see cref="Fit"/> has run.</summary>
    public IReadOnlyDictionary<string, string> Settings => new ReadOnlyDictionary<string, string>(_settings);

    /// <summary>Mixture weights in use (λ_lm, λ_cache, λ_trans); null before <see cref="Fit"/>.</summary>
    public IReadOnlyList<double>? Lambdas => _lambdas;

    public InstructionConditionedLm Model => _model ?? throw NotFitted();

    public void Fit(IEnumerable<Sample> pool, CancellationToken cancellationToken)
    {
        var vocabulary = new LmVocabulary(LmUnit.Word);
        var builder = new KneserNeyBuilder(_order, vocabulary.Bits);
        var hashes = new HashSet<string>(StringComparer.Ordinal);
        var rows = new List<(string Hash, int[] Instruction, int[] Response)>();
        foreach (var sample in FitSample.Take(pool, _fitRows, cancellationToken))
        {
            cancellationToken.ThrowIfCancellationRequested();
            var instruction = vocabulary.Encode(sample.Prompt, grow: true);
            var response = vocabulary.Encode(sample.Response, grow: true);
            builder.Add(response);
            hashes.Add(sample.ContentHash);
            rows.Add((sample.ContentHash, instruction, response));
        }
        var translation = TranslationModel.Train(rows.Select(r => (r.Instruction, r.Response)).ToList(), _ibmIterations, _ibmTop, _ibmMinRows, cancellationToken);
        _model = new InstructionConditionedLm(vocabulary, new PoolNgramModel(builder.Build(vocabulary.PredictedCount), hashes), translation);
        _lambdas = _fixedLambdas ?? FitLambdas(rows, cancellationToken);
        _settings["lambdas_in_use"] = string.Join(",", _lambdas.Select(l => l.ToString("R", CultureInfo.InvariantCulture)));
    }

    /// <summary>
    /// EM for the mixture weights on an evenly spaced subset of at most <c>lambda_rows</c> pool rows that have an
    /// instruction, with the n-gram component scored leave-one-out (when enabled) so the LM is not favoured by having
    /// seen the very tokens it is weighed on.
    /// </summary>
    private double[] FitLambdas(List<(string Hash, int[] Instruction, int[] Response)> rows, CancellationToken cancellationToken)
    {
        var stride = Math.Max(1, rows.Count / _lambdaRows);
        var tokens = new List<double[]>();
        for (var i = 0; i < rows.Count; i += stride)
        {
            cancellationToken.ThrowIfCancellationRequested();
            var (hash, instruction, response) = rows[i];
            if (response.Length == 0)
                continue;
            var components = Model.Components(hash, instruction, response, _leaveOneOut, out var conditioned);
            if (conditioned)
                tokens.AddRange(components);
        }
        return MixtureWeights.Fit(tokens, 3);
    }

    /// <summary>Rows are scored in parallel in fixed chunks; each row's values depend only on the row, so the results are the same whatever the thread count.</summary>
    public IReadOnlyList<ScoreResult> Score(IReadOnlyList<Sample> batch, CancellationToken cancellationToken)
    {
        var model = Model;
        var lambdas = _lambdas!;
        var results = new ScoreResult[batch.Count];
        var chunks = (batch.Count + ScoreChunk - 1) / ScoreChunk;
        Parallel.For(0, chunks, new ParallelOptions { MaxDegreeOfParallelism = _threads, CancellationToken = cancellationToken }, chunk =>
        {
            for (var r = chunk * ScoreChunk; r < Math.Min(batch.Count, (chunk + 1) * ScoreChunk); r++)
                results[r] = ScoreRow(model, lambdas, batch[r]);
        });
        return results;
    }

    private ScoreResult ScoreRow(InstructionConditionedLm model, double[] lambdas, Sample sample)
    {
        var response = model.Vocabulary.Encode(sample.Response, grow: false);
        if (response.Length == 0)
            return ScoreResult.Fail("stat-ifd: the response has no word units");
        var instruction = model.Vocabulary.Encode(sample.Prompt, grow: false);
        var components = model.Components(sample.ContentHash, instruction, response, _leaveOneOut, out var conditioned);
        double direct = 0, cond = 0;
        foreach (var p in components)
        {
            direct -= Math.Log(p[0]);
            cond -= conditioned ? Math.Log(lambdas[0] * p[0] + lambdas[1] * p[1] + lambdas[2] * p[2]) : Math.Log(p[0]);
        }
        direct /= components.Length;
        cond /= components.Length;
        return ScoreResult.Ok(cond, direct, cond / direct);
    }

    private static double[]? ParseLambdas(string value)
    {
        if (value == "fit")
            return null;
        try
        {
            return value.Split(',').Select(s => double.Parse(s, NumberStyles.Float, CultureInfo.InvariantCulture)).ToArray();
        }
        catch (FormatException)
        {
            throw new ArgumentException($"stat-ifd: parameter 'lambdas' is '{value}', expected 'fit' or three comma-separated weights");
        }
    }

    private static double[] Normalise(double[] values)
    {
        var sum = values.Sum();
        return values.Select(v => v / sum).ToArray();
    }

    private static string Text(int value) => value.ToString(CultureInfo.InvariantCulture);

    private static InvalidOperationException NotFitted() => new("stat-ifd: Fit must run on the pool before Score");
}

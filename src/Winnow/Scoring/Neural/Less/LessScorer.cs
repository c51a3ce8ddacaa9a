using System.Collections.ObjectModel;
using System.Globalization;
using Winnow.Components;
using Winnow.Data;
using Winnow.Models.Training;
using Winnow.Text;
using Winnow.Training;

namespace Winnow.Scoring.Neural.Less;

/// <summary>
/// <c>less</c>: LESS (Xia et al. 2024; METHODS §6.4). The model is a LoRA adapter folder from a warm-up run
/// (<c>winnow train lm --lora …</c>, which keeps the Adam moments beside the adapter). Each row's LoRA gradient
/// (Alpaca text, loss on the response tokens) is Adam-preconditioned with those moments, the target rows' gradients
/// are plain SGD gradients; both are projected by a seeded Rademacher projection to <c>dims</c> dimensions and
/// L2-normalised. Score = the mean over target rows of the cosine similarity, i.e. ⟨ĝ_row, mean_j ĝ_target,j⟩, as
/// LESS's matching.py averages over one task's validation examples. One checkpoint and one target set: LESS's sum
/// over warm-up epochs and max over several tasks are left to the caller (score once per checkpoint or task).
/// </summary>
[Component("less", "LESS gradient influence: cosine similarity of each row's Adam-preconditioned LoRA gradient to a target set's gradients after a seeded random projection (model = adapter folder of a LoRA warm-up, target = rows file)")]
[Param("model", ParamType.Path, "PEFT LoRA adapter folder written by winnow train lm --lora (with optimizer.safetensors; its base is read from adapter_config.json)", Required = true)]
[Param("target", ParamType.Path, "rows whose gradients define the target (e.g. a validation set of the task to select for)", Required = true)]
[Param("dims", ParamType.Int, "dimensions of the random projection", Default = "8192", Min = 1)]
[Param("seed", ParamType.Int, "seed of the Rademacher projection", Default = "0", Min = 0)]
[Param("template", ParamType.Choice, "prompt template the rows are rendered with (as in the warm-up training)", Default = "alpaca", Values = ["alpaca", "wiz", "vicuna", "none"])]
[Param("max_length", ParamType.Int, "tokens kept per row (first n)", Default = "512", Min = 2)]
[Param("train_gradient", ParamType.Choice, "gradient form of the scored rows: adam (LESS) or sgd (plain)", Default = "adam", Values = ["adam", "sgd"])]
[Needs(Text = "prompt and response")]
[Produces("less")]
public sealed class LessScorer : IScorer
{
    /// <summary>Rows whose full gradients are held at once before projecting.</summary>
    private const int ProjectionBatch = 32;

    private readonly string _model;
    private readonly Func<IEnumerable<Sample>> _target;
    private readonly IfdTemplate _template;
    private readonly int _maxLength;
    private readonly bool _adam;
    private readonly int _dims;
    private readonly ulong _seed;
    private LoraGradients? _gradients;
    private RademacherProjection? _projection;
    private float[]? _targetMean;

    public LessScorer(string model, Func<IEnumerable<Sample>> target, string targetDescription, int dims, int seed, IfdTemplate template, int maxLength, bool adam)
    {
        _model = model;
        _target = target;
        _dims = dims;
        _seed = (ulong)seed;
        _template = template;
        _maxLength = maxLength;
        _adam = adam;
        Settings = new ReadOnlyDictionary<string, string>(new Dictionary<string, string>(StringComparer.Ordinal)
        {
            ["model"] = model,
            ["target"] = targetDescription,
            ["dims"] = dims.ToString(CultureInfo.InvariantCulture),
            ["seed"] = seed.ToString(CultureInfo.InvariantCulture),
            ["template"] = template.Name,
            ["max_length"] = maxLength.ToString(CultureInfo.InvariantCulture),
            ["train_gradient"] = adam ? "adam" : "sgd",
            ["projection"] = "rademacher-splitmix64",
            ["aggregate"] = "mean cosine over target rows",
        });
    }

    public static LessScorer Create(Parameters p) => Create(p, Pipeline.Catalog.ReadTarget);

    public static LessScorer Create(Parameters p, Func<string, IEnumerable<Sample>> loadTarget)
    {
        var target = p.GetString("target");
        return new LessScorer(p.GetString("model"), () => loadTarget(target), target, p.GetInt("dims"), p.GetInt("seed"),
            IfdTemplate.Parse(p.GetString("template")), p.GetInt("max_length"), p.GetString("train_gradient") == "adam");
    }

    public string Name => Declared.Name<LessScorer>();

    public string Variant => "default";

    public IReadOnlyList<string> Fields => Declared.Of<LessScorer>().Produces;

    public IReadOnlyDictionary<string, string> Settings { get; }

    public IReadOnlyList<ScoreResult> Score(IReadOnlyList<Sample> batch, CancellationToken cancellationToken)
    {
        var target = TargetMean(cancellationToken);
        var results = new ScoreResult[batch.Count];
        var features = Features(batch, _adam, results, cancellationToken);
        for (var i = 0; i < batch.Count; i++)
        {
            if (features[i] is { } f)
                results[i] = ScoreResult.Ok(System.Numerics.Tensors.TensorPrimitives.Dot(f, target));
        }
        return results;
    }

    /// <summary>Mean of the target rows' normalised projected SGD gradients, computed once.</summary>
    private float[] TargetMean(CancellationToken cancellationToken)
    {
        if (_targetMean is { } done)
            return done;
        var gradients = Gradients();
        if (_adam && !gradients.HasMoments)
            throw new ArgumentException($"less: {_model} has no {DecoderCheckpoint.OptimizerFile}; LESS preconditions row gradients with the warm-up run's Adam moments (train the adapter with winnow train lm --lora), or set train_gradient=sgd");
        var rows = _target().ToList();
        var failures = new ScoreResult[rows.Count];
        var features = Features(rows, adam: false, failures, cancellationToken);
        var usable = features.Where(f => f is not null).ToList();
        if (usable.Count == 0)
            throw new ArgumentException($"less: no target row could be scored ({failures.FirstOrDefault(f => !f.IsOk).Error})");
        var mean = new float[_dims];
        foreach (var f in usable)
            System.Numerics.Tensors.TensorPrimitives.Add(mean, f!, mean);
        System.Numerics.Tensors.TensorPrimitives.Multiply(mean, 1f / usable.Count, mean);
        return _targetMean = mean;
    }

    private LoraGradients Gradients() => _gradients ??= new LoraGradients(_model, Environment.ProcessorCount);

    /// <summary>Normalised projected gradients; null (and a failure in <paramref name="results"/>) for a row with no response token left.</summary>
    private float[]?[] Features(IReadOnlyList<Sample> rows, bool adam, ScoreResult[] results, CancellationToken cancellationToken)
    {
        var gradients = Gradients();
        _projection ??= new RademacherProjection(gradients.Dimension, _dims, _seed);
        var features = new float[]?[rows.Count];
        for (var start = 0; start < rows.Count; start += ProjectionBatch)
        {
            var owners = new List<int>();
            var vectors = new List<float[]>();
            for (var i = start; i < Math.Min(rows.Count, start + ProjectionBatch); i++)
            {
                cancellationToken.ThrowIfCancellationRequested();
                var built = AlpacaExamples.Build([rows[i]], gradients.Tokenizer, _template, _maxLength);
                if (built.Examples.Count == 0)
                {
                    results[i] = ScoreResult.Fail($"less: no response token within max_length {_maxLength}");
                    continue;
                }
                var g = gradients.Of(built.Examples[0]);
                if (adam)
                    gradients.Precondition(g);
                owners.Add(i);
                vectors.Add(g);
            }
            if (vectors.Count == 0)
                continue;
            var projected = _projection.Project(vectors);
            for (var k = 0; k < owners.Count; k++)
            {
                var norm = System.Numerics.Tensors.TensorPrimitives.Norm(projected[k]);
                if (norm == 0 || !float.IsFinite(norm))
                {
                    results[owners[k]] = ScoreResult.Fail($"less: gradient norm {norm} (no direction to compare)");
                    continue;
                }
                System.Numerics.Tensors.TensorPrimitives.Divide(projected[k], norm, projected[k]);
                features[owners[k]] = projected[k];
            }
        }
        return features;
    }
}

using Winnow.Models;
using Winnow.Models.Decoders;
using Winnow.Models.SafeTensors;
using Winnow.Models.Training;
using Winnow.Models.Training.Lora;
using Winnow.Tokenizers;

namespace Winnow.Scoring.Neural.Less;

/// <summary>
/// Per-example gradients of a LoRA adapter's parameters (lora_A and lora_B of every adapted module, flattened in
/// module order), as LESS collects them (<c>less/data_selection/collect_grad_reps.py</c>): the mean token loss of
/// one example, batch size 1, base weights frozen. Training rows are preconditioned with the warm-up run's Adam
/// moments m, v (<c>optimizer.safetensors</c> beside the adapter) exactly as LESS's obtain_gradients_with_adam:
/// m' = 0.9·m + 0.1·g, v' = 0.999·v + 0.001·g², feature = m' / √(v' + 1e-8) (no bias correction, ε inside the root).
/// </summary>
internal sealed class LoraGradients
{
    private const float Beta1 = 0.9f, Beta2 = 0.999f, Epsilon = 1e-8f;

    private readonly TrainableDecoder _model;
    private readonly Gradients _gradients;
    private readonly float[]? _m, _v;

    public LoraGradients(string adapterFolder, int threads)
    {
        var (settings, baseFolder) = PeftAdapterFolder.ReadConfig(adapterFolder);
        using (var dir = ModelDirectory.Open(baseFolder))
        {
            var spec = DecoderSpec.FromConfig(dir.Config);
            var weights = DecoderWeights.Load(spec, dir);
            _model = new TrainableDecoder(spec, weights, threads, PeftAdapterFolder.Load(adapterFolder, settings, spec, weights));
        }
        _gradients = _model.NewGradients();
        Dimension = _model.Parameters.Sum(p => (long)p.Length);
        Tokenizer = Tokenizer.Load(File.Exists(Path.Combine(adapterFolder, "tokenizer.json")) ? adapterFolder : baseFolder);
        var optimizer = Path.Combine(adapterFolder, DecoderCheckpoint.OptimizerFile);
        if (File.Exists(optimizer))
            (_m, _v) = ReadMoments(optimizer);
    }

    public Tokenizer Tokenizer { get; }

    /// <summary>Number of LoRA parameters: the length of every gradient vector.</summary>
    public long Dimension { get; }

    public bool HasMoments => _m is not null;

    /// <summary>The gradient of the example's mean scored-token loss with respect to every LoRA parameter.</summary>
    public float[] Of(TrainingExample example)
    {
        _gradients.Clear();
        _model.Backpropagate([example.Ids], [example.Scored], 1f / example.Scored.Length, _gradients);
        var flat = new float[Dimension];
        var offset = 0;
        foreach (var p in _model.Parameters)
        {
            _gradients.Of(p).CopyTo(flat.AsSpan(offset, p.Length));
            offset += p.Length;
        }
        return flat;
    }

    /// <summary>LESS's Adam form of a gradient, in place.</summary>
    public void Precondition(float[] g)
    {
        if (_m is null || _v is null)
            throw new InvalidOperationException("no Adam moments loaded");
        Precondition(g, _m, _v);
    }

    internal static void Precondition(Span<float> g, ReadOnlySpan<float> m, ReadOnlySpan<float> v)
    {
        for (var i = 0; i < g.Length; i++)
        {
            var mean = Beta1 * m[i] + (1 - Beta1) * g[i];
            var square = Beta2 * v[i] + (1 - Beta2) * g[i] * g[i];
            g[i] = mean / MathF.Sqrt(square + Epsilon);
        }
    }

    private (float[] M, float[] V) ReadMoments(string path)
    {
        using var file = SafetensorsFile.Open(path);
        var m = new float[Dimension];
        var v = new float[Dimension];
        var offset = 0;
        foreach (var p in _model.Parameters)
        {
            foreach (var (suffix, target) in new[] { (".exp_avg", m), (".exp_avg_sq", v) })
            {
                if (!file.Tensors.TryGetValue(p.Name + suffix, out var entry) || entry.ElementCount != p.Length)
                    throw new InvalidDataException($"{path}: no {p.Length}-value tensor '{p.Name}{suffix}' for the adapter's parameter");
                file.ReadSingle(p.Name + suffix).CopyTo(target, offset);
            }
            offset += p.Length;
        }
        return (m, v);
    }
}

using Winnow.Models.Compute;
using Winnow.Models.Decoders;

namespace Winnow.Models.Training.Lora;

/// <summary>
/// The LoRA adapters of one decoder, one per module the settings target, with their trainable tensors under PEFT's
/// names (<c>base_model.model.&lt;module&gt;.lora_A.weight</c>, <c>…lora_B.weight</c>).
/// </summary>
internal sealed class LoraAdapters
{
    public const string NamePrefix = "base_model.model.";

    private readonly Dictionary<LinearLayer, LoraAdapter[]> _byLayer;

    private LoraAdapters(LoraSettings settings, IReadOnlyList<LoraAdapter> adapters)
    {
        Settings = settings;
        All = adapters;
        // LinearLayer has reference equality: one entry per layer object.
        _byLayer = adapters.GroupBy(a => a.Layer).ToDictionary(g => g.Key, g => g.ToArray());
        Parameters = adapters.SelectMany(a => new[]
        {
            new TrainableTensor(NamePrefix + a.Module + ".lora_A.weight", [a.Rank, a.Layer.In], a.A, 0, a.A.Length),
            new TrainableTensor(NamePrefix + a.Module + ".lora_B.weight", [a.OutCount, a.Rank], a.B, 0, a.B.Length),
        }).ToList();
    }

    public LoraSettings Settings { get; }

    public IReadOnlyList<LoraAdapter> All { get; }

    /// <summary>lora_A then lora_B of each adapter, in module order.</summary>
    public IReadOnlyList<TrainableTensor> Parameters { get; }

    public IReadOnlyList<LoraAdapter> On(LinearLayer layer) => _byLayer.TryGetValue(layer, out var list) ? list : [];

    /// <summary>
    /// Fresh adapters as PEFT initialises them: A from kaiming_uniform(a=√5), i.e. uniform(±1/√in), drawn from a
    /// generator seeded with <paramref name="seed"/> in module order; B zero, so the adapted model starts equal to the base.
    /// </summary>
    public static LoraAdapters Create(DecoderSpec spec, DecoderWeights weights, LoraSettings settings, int seed)
    {
        var random = new SeededRandom(seed);
        return Build(spec, weights, settings, m =>
        {
            var bound = 1 / Math.Sqrt(m.Layer.In);
            var a = new float[settings.Rank * m.Layer.In];
            for (var i = 0; i < a.Length; i++)
                a[i] = (float)((2 * random.NextDouble() - 1) * bound);
            return (a, new float[m.OutCount * settings.Rank]);
        });
    }

    /// <summary>Adapters whose values come from <paramref name="values"/> (a saved adapter), by PEFT name.</summary>
    public static LoraAdapters Build(DecoderSpec spec, DecoderWeights weights, LoraSettings settings, Func<LinearModules.Module, (float[] A, float[] B)> values)
    {
        var modules = LinearModules.List(spec, weights);
        var unmatched = settings.Targets.Where(t => !modules.Any(m => LinearModules.Matches(m.Name, t))).ToList();
        if (unmatched.Count > 0)
            throw new ArgumentException($"LoRA targets {string.Join(", ", unmatched)} match no module of this {spec.Family} model (modules: {string.Join(", ", modules.Select(m => m.Name[(m.Name.LastIndexOf('.') + 1)..]).Distinct())})");
        var adapters = modules.Where(m => settings.Targets.Any(t => LinearModules.Matches(m.Name, t))).Select(m =>
        {
            var (a, b) = values(m);
            return new LoraAdapter(m.Name, m.Layer, m.OutOffset, m.OutCount, settings.Rank, (float)settings.Scale, a, b);
        }).ToList();
        return new LoraAdapters(settings, adapters);
    }

    /// <summary>Folds every adapter into its base weight (W += scale·B·A); the adapters must not be used afterwards.</summary>
    public void Merge()
    {
        foreach (var adapter in All)
            adapter.MergeInto();
    }
}

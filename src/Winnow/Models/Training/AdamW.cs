namespace Winnow.Models.Training;

/// <summary>
/// AdamW with decoupled weight decay over float32 master weights, step for step the arithmetic of
/// torch.optim.AdamW (1.13, single-tensor path): p ← p·(1 − lr·λ); m ← β₁m + (1−β₁)g; v ← β₂v + (1−β₂)g²;
/// p ← p − lr/(1−β₁ᵗ) · m / (√v/√(1−β₂ᵗ) + ε). Moments are kept per weight array (a tied or stacked weight is
/// one array). Weight decay applies to tensors the caller marks; by convention not biases and norm weights.
/// The update runs on <c>threads</c> threads over fixed chunks with 512-bit vectors where the CPU has them; each
/// element goes through the same float operations in the same order as <see cref="AdamWUpdate.Reference"/>, so
/// the weights are the same bits whatever the thread count or vector width.
/// </summary>
internal sealed class AdamW
{
    private readonly AdamWSettings _settings;
    private readonly List<(float[] Weight, bool Decay)> _weights = [];
    private readonly Dictionary<float[], (float[] M, float[] V)> _moments = new(ReferenceEqualityComparer.Instance);

    private readonly int _threads;

    public AdamW(IEnumerable<TrainableTensor> tensors, AdamWSettings settings, Func<TrainableTensor, bool> decays, int threads = 1)
    {
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(threads);
        _settings = settings;
        _threads = threads;
        foreach (var group in tensors.GroupBy(t => t.Data, ReferenceEqualityComparer.Instance))
        {
            var weight = (float[])group.Key!;
            var decay = group.Select(decays).Distinct().ToArray();
            if (decay.Length != 1)
                throw new ArgumentException($"tensors sharing one weight array disagree about weight decay: {string.Join(", ", group.Select(t => t.Name))}");
            _weights.Add((weight, decay[0]));
            _moments[weight] = (new float[weight.Length], new float[weight.Length]);
        }
    }

    /// <summary>Steps taken so far (t in the bias corrections).</summary>
    public int Step { get; private set; }

    /// <summary>First and second moments of a weight array, for checkpoints.</summary>
    public (float[] M, float[] V) Moments(float[] weight) => _moments[weight];

    public void Restore(int step) => Step = step >= 0 ? step : throw new ArgumentOutOfRangeException(nameof(step));

    public void Update(Gradients gradients, double learningRate)
    {
        Step++;
        var s = _settings;
        // Scalars in double, as Python computes them; each is rounded to float32 where it meets a tensor.
        var stepSize = (float)(learningRate / (1 - Math.Pow(s.Beta1, Step)));
        var correction2Sqrt = (float)Math.Sqrt(1 - Math.Pow(s.Beta2, Step));
        var step = new AdamWUpdate((float)s.Beta1, (float)s.Beta2, (float)(1 - s.Beta1), (float)(1 - s.Beta2), (float)s.Epsilon, stepSize, correction2Sqrt, 1f);
        foreach (var (weight, decay) in _weights)
        {
            var g = gradients.Of(weight);
            var (m, v) = _moments[weight];
            var shrink = decay ? (float)(1 - learningRate * s.WeightDecay) : 1f;
            (step with { Shrink = shrink }).Apply(weight, g, m, v, _threads);
        }
    }
}

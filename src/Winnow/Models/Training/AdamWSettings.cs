namespace Winnow.Models.Training;

/// <summary>
/// AdamW hyper-parameters, named and defaulted as torch.optim.AdamW (except weight decay, 0 unless set). Kept in
/// double like PyTorch's Python scalars, which are rounded to float32 only where they meet a tensor.
/// </summary>
public sealed record AdamWSettings(double Beta1 = 0.9, double Beta2 = 0.999, double Epsilon = 1e-8, double WeightDecay = 0);

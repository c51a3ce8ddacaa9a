using Winnow.Backends;
using Winnow.Components;

namespace Winnow.Scoring.Neural;

[Component("deita.quality", "Deita quality scorer: expected 1-6 score per exchange; with complexity_model also evol_score = sum over turns of complexity x quality")]
[ParamGroup(typeof(BackendModelParams))]
[Param("complexity_model", ParamType.Path, "Deita complexity scorer folder; adds evol_score = sum over turns of complexity x quality", DefaultDoc = "none (no evol_score)")]
[ParamGroup(typeof(BackendKeys), Prefix = "complexity_")]
[Param("batch_size", ParamType.Int, "prompts per forward batch", Default = "8", Min = 1)]
[Needs(Text = "each exchange's instruction and response", Backend = Capability.NextTokenLogProbs, ModelParams = ["model", "complexity_model"])]
[Produces("quality", "quality_mean", "turns", "evol_score")]
public static class DeitaQualityScorer
{
    public static IScorer Create(Parameters p) => DeitaScorer.Create(quality: true, p);
}

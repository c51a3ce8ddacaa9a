using Winnow.Backends;
using Winnow.Components;

namespace Winnow.Scoring.Neural;

[Component("deita.complexity", "Deita complexity scorer: expected 1-6 score from a scorer LM's next-token logits over the digits, per exchange")]
[ParamGroup(typeof(BackendModelParams))]
[Param("batch_size", ParamType.Int, "prompts per forward batch", Default = "8", Min = 1)]
[Needs(Text = "each exchange's instruction", Backend = Capability.NextTokenLogProbs, ModelParams = ["model"])]
[Produces("complexity", "complexity_mean", "turns")]
public static class DeitaComplexityScorer
{
    public static IScorer Create(Parameters p) => DeitaScorer.Create(quality: false, p);
}

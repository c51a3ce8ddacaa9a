using Winnow.Components;
using Winnow.Text;

namespace Winnow.Scoring.Lexical;

[Component("lexical.mtld", "MTLD, threshold 0.72, mean of forward and backward passes")]
[ParamGroup(typeof(LexicalScorers))]
[Param("threshold", ParamType.Number, "TTR at which a factor ends", Default = "0.72", Min = 0, Max = 1, MinExclusive = true, MaxExclusive = true)]
[Needs(TextParam = "text")]
[Produces("mtld")]
public static class LexicalMtld
{
    public static IScorer Create(Parameters p)
    {
        var threshold = p.GetDouble("threshold");
        return LexicalScorers.Build(p, 1, LexicalScorers.OneSetting("threshold", threshold), t => [Mtld.Compute(t.Tokens, threshold)]);
    }
}

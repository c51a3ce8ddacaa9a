using Winnow.Components;
using Winnow.Text;

namespace Winnow.Scoring.Lexical;

[Component("lexical.vocd", "vocd-D, n = 35..50 x 100 samples x 3 repeats, seeded; needs more than 50 tokens")]
[ParamGroup(typeof(LexicalScorers))]
[Param("seed", ParamType.Int, "seed of the token samples", Default = "42")]
[Needs(TextParam = "text")]
[Produces("vocd")]
public static class LexicalVocd
{
    public static IScorer Create(Parameters p)
    {
        var seed = p.GetLong("seed");
        return LexicalScorers.Build(p, Vocd.MaxSampleSize + 1, LexicalScorers.OneSetting("seed", seed), t => [Vocd.Compute(t.Tokens, unchecked((ulong)seed))]);
    }
}

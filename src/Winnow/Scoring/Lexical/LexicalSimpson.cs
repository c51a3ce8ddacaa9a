using Winnow.Components;
using Winnow.Text;

namespace Winnow.Scoring.Lexical;

[Component("lexical.simpson", "lexical Simpson's D, unbiased sum f(f-1) / (N(N-1)); needs 2 tokens")]
[ParamGroup(typeof(LexicalScorers))]
[Needs(TextParam = "text")]
[Produces("simpson_d")]
public static class LexicalSimpson
{
    public static IScorer Create(Parameters p) =>
        LexicalScorers.Build(p, 2, LexicalScorers.NoSettings(), t => [TypeTokenRatios.SimpsonD(t.Frequencies().Values, t.Tokens.Count)]);
}

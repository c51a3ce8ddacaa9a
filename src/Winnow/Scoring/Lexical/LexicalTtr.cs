using Winnow.Components;
using Winnow.Text;

namespace Winnow.Scoring.Lexical;

[Component("lexical.ttr", "type-token ratio V/N, root TTR V/sqrt(N), corrected TTR V/sqrt(2N)")]
[ParamGroup(typeof(LexicalScorers))]
[Needs(TextParam = "text")]
[Produces("ttr", "rttr", "cttr")]
public static class LexicalTtr
{
    public static IScorer Create(Parameters p) =>
        LexicalScorers.Build(p, 1, LexicalScorers.NoSettings(), t =>
        {
            var types = t.Tokens.Distinct(StringComparer.Ordinal).Count();
            var n = t.Tokens.Count;
            return [TypeTokenRatios.Ttr(types, n), TypeTokenRatios.RootTtr(types, n), TypeTokenRatios.CorrectedTtr(types, n)];
        });
}

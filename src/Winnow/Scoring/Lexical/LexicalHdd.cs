using Winnow.Components;
using Winnow.Text;

namespace Winnow.Scoring.Lexical;

[Component("lexical.hdd", "HD-D over 42-token draws: hdd = sum P_t / 42 (LexicalRichness scale), hdd_types = sum P_t; needs 42 tokens")]
[ParamGroup(typeof(LexicalScorers))]
[Param("draws", ParamType.Int, "tokens per hypergeometric draw; a text needs at least this many", Default = "42", Min = 1)]
[Needs(TextParam = "text")]
[Produces("hdd", "hdd_types")]
public static class LexicalHdd
{
    public static IScorer Create(Parameters p)
    {
        var draws = p.GetInt("draws");
        return LexicalScorers.Build(p, draws, LexicalScorers.OneSetting("draws", draws), t =>
        {
            var types = Hdd.ExpectedTypes(t.Frequencies().Values, t.Tokens.Count, draws);
            return [types / draws, types];
        });
    }
}

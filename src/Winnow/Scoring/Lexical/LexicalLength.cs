using Winnow.Components;

namespace Winnow.Scoring.Lexical;

[Component("lexical.length", "word tokens, characters (Unicode scalars) and exchanges of a text")]
[ParamGroup(typeof(LexicalScorers))]
[Needs(TextParam = "text")]
[Produces("length_words", "length_chars", "turns")]
public static class LexicalLength
{
    public static IScorer Create(Parameters p) =>
        LexicalScorers.Build(p, 0, LexicalScorers.NoSettings(), t => [t.Tokens.Count, t.Text.EnumerateRunes().Count(), t.Sample.ExchangeCount]);
}

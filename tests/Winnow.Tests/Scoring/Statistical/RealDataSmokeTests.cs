using Winnow.Pipeline;
using Winnow.Scoring;
using Winnow.Scoring.Lexical;
using Winnow.Scoring.Statistical;
using Winnow.Tests.Text;

namespace Winnow.Tests.Scoring.Statistical;

public class RealDataSmokeTests
{
    [SharedFact]
    public void ScorersGiveFiniteValuesOnAlpacaRows()
    {
        var rows = SharedAlpacaSlice.Read("alpaca_cherry_5pct.json", 120);
        var namespaces = new[] { typeof(LexicalScorer).Namespace, typeof(StatIfdScorer).Namespace };
        foreach (var name in Catalog.Scorers.Components.Where(c => namespaces.Contains(c.Type.Namespace)).Select(c => c.Name))
        {
            var scorer = Catalog.Scorers.Create(name, Parameters.Empty());
            if (scorer is IPoolFittedScorer fitted)
                fitted.Fit(rows, default);
            var results = scorer.Score(rows, default);
            Assert.Equal(rows.Count, results.Count);
            Assert.All(results.Where(r => r.IsOk), r => Assert.All(r.Values!, v => Assert.True(double.IsFinite(v), $"{name}: {v}")));
            Assert.True(results.Count(r => r.IsOk) > rows.Count / 4, name);
        }
    }

    [SharedFact]
    public void InstructionsHelpOnAverage()
    {
        var rows = SharedAlpacaSlice.Read("alpaca_cherry_5pct.json", 300);
        var scorer = StatIfdScorer.Create(Parameters.For<StatIfdScorer>());
        scorer.Fit(rows, default);
        var ifd = scorer.Score(rows, default).Where(r => r.IsOk).Select(r => r.Values![2]).ToList();
        Assert.True(ifd.Average() < 1);
    }
}

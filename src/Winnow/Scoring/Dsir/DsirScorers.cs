using Winnow.Data;

namespace Winnow.Scoring.Dsir;

/// <summary>Registers <c>dsir</c>; <paramref name="loadTarget"/> opens the dataset named by the <c>target</c> parameter.</summary>
public static class DsirScorers
{
    public static void Register(Registry<IScorer> registry, Func<string, IEnumerable<Sample>> loadTarget) =>
        registry.Add("dsir", "DSIR hashed-n-gram log-importance of each row for a target dataset (param target=PATH); length = DSIR token estimate",
            p => DsirScorer.Create(p, loadTarget));
}

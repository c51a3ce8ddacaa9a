namespace Winnow.Scoring.Statistical;

/// <summary>Registers the pool-trained statistical language-model scorers.</summary>
public static class StatisticalScorers
{
    public static void Register(Registry<IScorer> registry)
    {
        registry.Add("ngram-lm", "per-row perplexity under an interpolated modified Kneser-Ney n-gram LM trained on the pool (leave-one-out by default)", NgramLmScorer.Create);
    }
}

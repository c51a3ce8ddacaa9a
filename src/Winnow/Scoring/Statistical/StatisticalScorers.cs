namespace Winnow.Scoring.Statistical;

/// <summary>Registers the pool-trained statistical language-model scorers.</summary>
public static class StatisticalScorers
{
    public static void Register(Registry<IScorer> registry)
    {
        registry.Add("ngram-lm", "per-row perplexity under an interpolated modified Kneser-Ney n-gram LM trained on the pool (leave-one-out by default)", NgramLmScorer.Create);
        registry.Add("stat-ifd", "model-free IFD: response cross-entropy with the instruction as context (KN LM + instruction cache + IBM Model 1) divided by without it", StatIfdScorer.Create);
    }
}

using Winnow.Text;

namespace Winnow.Scoring.Statistical;

/// <summary>
/// The document-level model of <c>stat-ifd</c>: p(w | h, I) = λ1·p_KN(w | h) + λ2·p_cache(w | I) + λ3·p_trans(w | I),
/// where p_cache is the unigram distribution of the instruction's own words and p_trans the IBM Model 1 likelihood
/// of w given the instruction. Each component sums to one over the vocabulary, so the mixture does too. An
/// instruction with no known word has neither cache nor translation evidence: both are dropped and the
/// conditioned model equals the plain one (IFD = 1).
/// </summary>
public sealed class InstructionConditionedLm
{
    public InstructionConditionedLm(LmVocabulary vocabulary, PoolNgramModel lm, TranslationModel translation)
    {
        Vocabulary = vocabulary;
        Lm = lm;
        Translation = translation;
    }

    public LmVocabulary Vocabulary { get; }

    public PoolNgramModel Lm { get; }

    public TranslationModel Translation { get; }

    /// <summary>Per response word: [p_KN, p_cache, p_trans]; <paramref name="conditioned"/> is false when the instruction has no known word.</summary>
    public double[][] Components(string contentHash, int[] instruction, int[] response, bool leaveOneOut, out bool conditioned)
    {
        var known = instruction.Where(id => id != LmVocabulary.Unknown).ToArray();
        conditioned = known.Length > 0;
        var cache = BagOfIds.From(known);
        var translation = conditioned ? Translation.Distribution(Translation.Sources(known)) : null;
        var lm = Lm.Model.LogProbabilities(response, Lm.OverlayFor(contentHash, response, leaveOneOut));
        var result = new double[response.Length][];
        for (var i = 0; i < response.Length; i++)
        {
            var w = response[i];
            var index = Array.BinarySearch(cache.Ids, w);
            var pCache = conditioned && index >= 0 ? (double)cache.Counts[index] / known.Length : 0;
            var pTrans = translation?.GetValueOrDefault(w) ?? 0;
            result[i] = [Math.Exp(lm[i]), pCache, pTrans];
        }
        return result;
    }
}

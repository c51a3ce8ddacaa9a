using Winnow.Text;

namespace Winnow.Quality.Features;

/// <summary>
/// Reference twin of <see cref="CharLanguageModels.Features"/>: the two Kneser–Ney models built from the same counts
/// and queried one byte at a time through <see cref="KneserNeyModel.LogProbabilities"/>, written for obviousness.
/// </summary>
public sealed class CharLanguageModelsReference(CharLanguageModels models)
{
    private readonly KneserNeyModel _preferred = models.PreferredCounts.Build(new LmVocabulary(LmUnit.Byte).PredictedCount);
    private readonly KneserNeyModel _other = models.OtherCounts.Build(new LmVocabulary(LmUnit.Byte).PredictedCount);

    public double[] Features(string response)
    {
        var ids = new LmVocabulary(LmUnit.Byte).Encode(response, grow: false);
        var preferred = _preferred.LogProbabilities(ids);
        var other = _other.LogProbabilities(ids);
        double all = 0, opening = 0;
        var openingCount = Math.Min(CharLanguageModels.OpeningBytes, preferred.Length);
        for (var i = 0; i < preferred.Length; i++)
        {
            var ratio = preferred[i] - other[i];
            all += ratio;
            if (i < openingCount)
                opening += ratio;
        }
        return [all / preferred.Length, opening / openingCount];
    }
}

using System.Globalization;

namespace Winnow.Scoring.Neural;

/// <summary>
/// Turns a model's numbers into a row result: any NaN or infinity (a corrupted or overflowing model) is a row error
/// naming the fields, never a null value stored as success.
/// </summary>
internal static class FiniteScores
{
    public static ScoreResult Of(string scorer, IReadOnlyList<string> fields, params double[] values)
    {
        var bad = values.Select((v, i) => (v, i)).Where(x => !double.IsFinite(x.v))
            .Select(x => $"{fields[x.i]} = {x.v.ToString(CultureInfo.InvariantCulture)}").ToArray();
        return bad.Length == 0
            ? ScoreResult.Ok(values)
            : ScoreResult.Fail($"{scorer}: the model produced non-finite values ({string.Join(", ", bad)}); its weights or logits are broken (NaN/Inf)");
    }
}

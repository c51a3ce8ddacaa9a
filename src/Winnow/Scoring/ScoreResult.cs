namespace Winnow.Scoring;

/// <summary>
/// A scorer's outcome for one row: either one value per field the scorer declares, or an error message.
/// A failed row is data, never a silent default.
/// </summary>
public readonly record struct ScoreResult(double[]? Values, string? Error)
{
    public static ScoreResult Ok(params double[] values) => new(values, null);

    public static ScoreResult Fail(string error) => new(null, error);

    public bool IsOk => Values is not null;
}

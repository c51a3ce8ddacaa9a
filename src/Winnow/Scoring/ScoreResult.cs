namespace Winnow.Scoring;

/// <summary>
/// A scorer's outcome for one row: either one value per field the scorer declares, or an error message.
/// A failed row is data, never a silent default. <see cref="Text"/> is text the scorer produced for the row and
/// keeps next to its values or error (an LLM judge's reply); null when the scorer produces none.
/// </summary>
public readonly record struct ScoreResult(double[]? Values, string? Error)
{
    public string? Text { get; init; }

    public static ScoreResult Ok(params double[] values) => new(values, null);

    public static ScoreResult Fail(string error) => new(null, error);

    public bool IsOk => Values is not null;
}

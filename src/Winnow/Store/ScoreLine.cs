namespace Winnow.Store;

/// <summary>One row's outcome for one scorer run as stored in a score file: values by field, or an error, and the scorer's text for the row if it keeps one.</summary>
public sealed record ScoreLine(string Id, string Hash, string Run, string Scorer, string Variant, IReadOnlyDictionary<string, double>? Values, string? Error, string? Text = null);

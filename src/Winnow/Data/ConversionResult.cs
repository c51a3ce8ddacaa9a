namespace Winnow.Data;

/// <summary>What a conversion wrote: the rows copied, and the rows left out under <c>--on-error skip</c> with their reasons.</summary>
public sealed record ConversionResult(long Rows, IReadOnlyList<RowError> Rejected);

namespace Winnow.Data;

/// <summary>
/// One row of a dataset as read: either a <see cref="Data.Sample"/> or a <see cref="RowError"/>, never both.
/// <see cref="Index"/> counts every row of the file (good or bad) from 0, so it is the index that
/// <see cref="DatasetWriter"/> selects by and the index inside <see cref="Sample.Id"/>.
/// </summary>
public readonly record struct RowOutcome(long Index, long Line, Sample? Sample, RowError? Error)
{
    public bool IsSuccess => Sample is not null;
}

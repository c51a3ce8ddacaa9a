namespace Winnow.Store;

/// <summary>
/// Score columns for a pool, read from one or more score files. A column is named <c>scorer.field</c>
/// (<c>scorer:variant.field</c> for a non-default variant). Rows without a score, or whose scorer failed, hold NaN;
/// the error texts are kept so a report can say why.
/// </summary>
public sealed class ScoreTable
{
    private ScoreTable(Dictionary<string, double[]> columns, Dictionary<string, string> errors)
    {
        Columns = columns;
        Errors = errors;
    }

    public IReadOnlyDictionary<string, double[]> Columns { get; }

    /// <summary>Row id → "scorer: error" for every failed row.</summary>
    public IReadOnlyDictionary<string, string> Errors { get; }

    public static string ColumnName(string scorer, string variant, string field) =>
        variant == "default" ? $"{scorer}.{field}" : $"{scorer}:{variant}.{field}";

    /// <summary>Loads every score line whose row id is in <paramref name="ids"/>; lines of other rows are ignored.</summary>
    public static ScoreTable Load(IEnumerable<string> paths, IReadOnlyList<string> ids)
    {
        var rowOf = new Dictionary<string, int>(ids.Count, StringComparer.Ordinal);
        for (var i = 0; i < ids.Count; i++)
            rowOf[ids[i]] = i;
        var columns = new Dictionary<string, double[]>(StringComparer.Ordinal);
        var errors = new Dictionary<string, string>(StringComparer.Ordinal);
        foreach (var path in paths)
        {
            foreach (var item in ScoreFileFormat.ReadAll(path))
            {
                switch (item)
                {
                    case RunRecord run:
                        foreach (var field in run.Fields)
                            Column(columns, ColumnName(run.Scorer, run.Variant, field), ids.Count);
                        break;
                    case ScoreLine line when rowOf.TryGetValue(line.Id, out var row):
                        if (line.Values is null)
                        {
                            errors[line.Id] = $"{line.Scorer}: {line.Error}";
                            continue;
                        }
                        foreach (var (field, value) in line.Values)
                            Column(columns, ColumnName(line.Scorer, line.Variant, field), ids.Count)[row] = value;
                        break;
                }
            }
        }
        return new ScoreTable(columns, errors);
    }

    private static double[] Column(Dictionary<string, double[]> columns, string name, int count)
    {
        if (!columns.TryGetValue(name, out var column))
        {
            column = new double[count];
            Array.Fill(column, double.NaN);
            columns[name] = column;
        }
        return column;
    }
}

namespace Winnow.Store;

/// <summary>
/// Score columns for a pool, read from one or more score files. A column is named <c>scorer.field</c> when the
/// scorer ran in its default variant; another variant is <c>scorer:variant.field</c>, and also plain
/// <c>scorer.field</c> as long as the files hold only that one variant of the scorer (so <c>ifd.ifd</c> works for
/// a Cherry or a Superfiltering run, but two variants side by side must be named in full). Rows without a score,
/// or whose scorer failed, hold NaN; the error texts are kept so a report can say why.
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
        return Load(paths, id => rowOf.GetValueOrDefault(id, -1), ids.Count);
    }

    /// <summary>
    /// Loads every score line whose row id <paramref name="rowOf"/> maps to a row in [0, <paramref name="rows"/>)
    /// (-1 for a row of no interest), without a table of ids: a pool scan finds its rows by index and hash
    /// (<c>Pipeline.PoolScan.RowOf</c>).
    /// </summary>
    public static ScoreTable Load(IEnumerable<string> paths, Func<string, int> rowOf, int rows)
    {
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
                            Column(columns, ColumnName(run.Scorer, run.Variant, field), rows);
                        break;
                    case ScoreLine line when rowOf(line.Id) is var row and >= 0:
                        if (line.Values is null)
                        {
                            errors[line.Id] = $"{line.Scorer}: {line.Error}";
                            continue;
                        }
                        foreach (var (field, value) in line.Values)
                            Column(columns, ColumnName(line.Scorer, line.Variant, field), rows)[row] = value;
                        break;
                }
            }
        }
        AddShortNames(columns);
        return new ScoreTable(columns, errors);
    }

    /// <summary>Adds <c>scorer.field</c> for every <c>scorer:variant.field</c> whose scorer appears in one variant only.</summary>
    private static void AddShortNames(Dictionary<string, double[]> columns)
    {
        var qualified = columns.Keys.Where(k => k.Contains(':')).Select(k => (Name: k, Scorer: k[..k.IndexOf(':')], Field: k[(k.IndexOf('.', k.IndexOf(':')) + 1)..])).ToList();
        foreach (var group in qualified.GroupBy(q => q.Scorer))
        {
            var variants = group.Select(q => q.Name[..q.Name.IndexOf('.', q.Name.IndexOf(':'))]).Distinct().Count();
            if (variants != 1 || columns.Keys.Any(k => k.StartsWith(group.Key + ".", StringComparison.Ordinal)))
                continue;
            foreach (var (name, scorer, field) in group)
                columns[$"{scorer}.{field}"] = columns[name];
        }
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

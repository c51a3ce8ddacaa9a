using Winnow.Data.Columnar;

namespace Winnow.Data;

/// <summary>
/// Copies every row of a pool into one file of another layout, streaming (memory follows one row group or
/// record batch of the output). Rows are copied as read, not validated against a row schema, so any table
/// converts; into the inputs' own layout with one shared schema, that schema is kept.
/// </summary>
public static class DatasetConverter
{
    /// <returns>The number of rows written.</returns>
    /// <exception cref="ArgumentException">The output is one of the inputs.</exception>
    /// <exception cref="DatasetFormatException">An input cannot be read.</exception>
    /// <exception cref="InvalidDataException">A row does not fit the output's columns (e.g. a field changes type).</exception>
    public static long Convert(DatasetPool pool, string outputPath, DatasetLayout layout, DatasetReadOptions? options = null, CancellationToken cancellationToken = default)
    {
        options ??= new DatasetReadOptions();
        var comparison = OperatingSystem.IsLinux() ? StringComparison.Ordinal : StringComparison.OrdinalIgnoreCase;
        if (pool.Paths.Any(p => string.Equals(Path.GetFullPath(p), Path.GetFullPath(outputPath), comparison)))
            throw new ArgumentException($"the output {outputPath} is an input, which is never overwritten; choose another path");
        var schema = SharedSchema(pool, layout, options);
        long rows = 0;
        using var sink = RecordSinks.Create(outputPath, layout, schema);
        foreach (var file in pool.Files)
        {
            using var source = RecordSources.Open(file.Path, options);
            foreach (var raw in source.Records())
            {
                if (raw.IsOversize)
                    throw new DatasetFormatException(file.Path, raw.Line, raw.Index, $"the row is {raw.Size:N0} bytes, over the {options.MaxRowBytes:N0}-byte row limit");
                if (++rows % 4096 == 0)
                    cancellationToken.ThrowIfCancellationRequested();
                sink.Write(source.Keep(raw));
            }
        }
        sink.Commit();
        return rows;
    }

    private static object? SharedSchema(DatasetPool pool, DatasetLayout layout, DatasetReadOptions options)
    {
        object? first = null;
        for (var i = 0; i < pool.Files.Count; i++)
        {
            using var source = RecordSources.Open(pool.Files[i].Path, options);
            if (source.Layout != layout || source.Schema is null || (i > 0 && SchemaIdentity.Difference(first, source.Schema) is not null))
                return null;
            first ??= source.Schema;
        }
        return first;
    }
}

using Winnow.Data.Columnar;
using Winnow.Pipeline;

namespace Winnow.Data;

/// <summary>
/// Copies every row of a pool into one file of another layout, streaming (memory follows one row group or
/// record batch of the output). Rows are copied as read, not validated against a row schema, so any table
/// converts; into the inputs' own layout with one shared schema, that schema is kept. A row that is no readable
/// JSON object, is over the size limit, or does not fit the output's columns is a bad row: under
/// <see cref="OnErrorPolicy.Fail"/> it stops the conversion (nothing is written), under
/// <see cref="OnErrorPolicy.Skip"/> it is left out and returned with its reason.
/// </summary>
public static class DatasetConverter
{
    /// <exception cref="ArgumentException">The output is one of the inputs.</exception>
    /// <exception cref="DatasetFormatException">An input cannot be read.</exception>
    /// <exception cref="BadRowException">A bad row under <see cref="OnErrorPolicy.Fail"/>.</exception>
    public static ConversionResult Convert(DatasetPool pool, string outputPath, DatasetLayout layout, DatasetReadOptions? options = null,
        OnErrorPolicy onError = OnErrorPolicy.Fail, CancellationToken cancellationToken = default)
    {
        options ??= new DatasetReadOptions();
        var comparison = OperatingSystem.IsLinux() ? StringComparison.Ordinal : StringComparison.OrdinalIgnoreCase;
        if (pool.Paths.Any(p => string.Equals(Path.GetFullPath(p), Path.GetFullPath(outputPath), comparison)))
            throw new ArgumentException($"the output {outputPath} is an input, which is never overwritten; choose another path");
        var schema = SharedSchema(pool, layout, options);
        var rejected = new List<RowError>();
        long rows = 0;
        long index = 0;
        using var sink = RecordSinks.Create(outputPath, layout, schema);
        foreach (var file in pool.Files)
        {
            var parser = new RowParser(file.Path, options);
            using var source = RecordSources.Open(file.Path, options);
            foreach (var raw in source.Records())
            {
                if (++index % 4096 == 0)
                    cancellationToken.ThrowIfCancellationRequested();
                var error = parser.CheckObject(raw);
                if (error is null)
                {
                    try
                    {
                        sink.Write(source.Keep(raw));
                        rows++;
                        continue;
                    }
                    catch (UnwritableRowException e)
                    {
                        error = parser.Refused(raw, e.Message);
                    }
                }
                if (onError == OnErrorPolicy.Fail)
                    throw new BadRowException(error);
                rejected.Add(error);
            }
        }
        sink.Commit();
        return new ConversionResult(rows, rejected);
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

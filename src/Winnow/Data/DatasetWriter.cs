using Winnow.Data.Columnar;

namespace Winnow.Data;

/// <summary>
/// Writes selected rows of one or more dataset files (a pool, whose row indices run on from file to file) in
/// the inputs' own layout and schema, or in another layout when asked. In the same layout every row is written
/// as it was read: JSON rows byte for byte (extra fields, key order, escapes and number spellings such as
/// <c>NaN</c> included), Parquet and Arrow rows with the input's schema and value types.
/// </summary>
public static class DatasetWriter
{
    /// <summary>
    /// Streams <paramref name="inputPath"/> once more, keeps the rows listed in <paramref name="selected"/>
    /// (indices as in <see cref="RowOutcome.Index"/>) and writes them in that order: JSON lines stay one row per
    /// line; a JSON array becomes <c>[</c>, the rows joined by <c>,</c> and a line break, each with the indentation
    /// it had, then <c>]</c>. Gzip when the output path ends in <c>.gz</c>. The output appears atomically
    /// (temporary file, flush, rename); the input is never modified.
    /// </summary>
    /// <exception cref="ArgumentException">An index is negative, listed twice or past the end of the file, or the output is the input.</exception>
    /// <exception cref="DatasetFormatException">The input cannot be split into rows, or a selected row is over the row size limit.</exception>
    public static void WriteSelected(string inputPath, IReadOnlyList<long> selected, string outputPath, DatasetReadOptions? options = null) =>
        Write([inputPath], selected, null, outputPath, options ?? new DatasetReadOptions(), null);

    /// <summary>
    /// Like <see cref="WriteSelected"/>, selecting by <see cref="Sample.Id"/> (<c>&lt;index&gt;-&lt;hash&gt;</c>, as
    /// score tables key rows). Each selected row is parsed again and its id compared, so a selection made on a
    /// file that has since been edited or reordered fails instead of emitting the wrong rows.
    /// </summary>
    /// <exception cref="ArgumentException">An id is not <c>&lt;index&gt;-&lt;hash&gt;</c>, or as for <see cref="WriteSelected"/>.</exception>
    /// <exception cref="DatasetFormatException">A selected row no longer reads, or reads with another id; or as for <see cref="WriteSelected"/>.</exception>
    public static void WriteSelectedIds(string inputPath, IReadOnlyList<string> ids, string outputPath, DatasetReadOptions? options = null) =>
        WriteSelectedIds([inputPath], ids, outputPath, options, null);

    /// <summary>
    /// Selected rows of a pool of <paramref name="inputs"/> (ids as <see cref="DatasetPool"/> numbers them), written
    /// in <paramref name="to"/>, or when null in the inputs' common layout (inputs of different layouts need it).
    /// </summary>
    public static void WriteSelectedIds(IReadOnlyList<string> inputs, IReadOnlyList<string> ids, string outputPath, DatasetReadOptions? options, DatasetLayout? to)
    {
        options ??= new DatasetReadOptions();
        var indices = new long[ids.Count];
        for (var i = 0; i < ids.Count; i++)
        {
            var dash = ids[i].IndexOf('-');
            if (dash <= 0 || !long.TryParse(ids[i].AsSpan(0, dash), out indices[i]))
                throw new ArgumentException($"ids[{i}] is '{ids[i]}', expected a row id '<index>-<hash>'", nameof(ids));
        }
        Write(inputs, indices, ids, outputPath, options, to);
    }

    private static void Write(IReadOnlyList<string> inputs, IReadOnlyList<long> selected, IReadOnlyList<string>? ids, string outputPath, DatasetReadOptions options, DatasetLayout? to)
    {
        var comparison = OperatingSystem.IsLinux() ? StringComparison.Ordinal : StringComparison.OrdinalIgnoreCase;
        foreach (var input in inputs)
        {
            if (string.Equals(Path.GetFullPath(input), Path.GetFullPath(outputPath), comparison))
                throw new ArgumentException($"the output {outputPath} is the input file, which is never overwritten; choose another path", nameof(outputPath));
        }
        var slot = new Dictionary<long, int>(selected.Count);
        for (var i = 0; i < selected.Count; i++)
        {
            if (selected[i] < 0)
                throw new ArgumentException($"selected[{i}] is {selected[i]}, expected a row index >= 0", nameof(selected));
            if (!slot.TryAdd(selected[i], i))
                throw new ArgumentException($"row {selected[i]} is selected twice (positions {slot[selected[i]]} and {i}), expected each row once", nameof(selected));
        }

        var rows = new KeptRecord[selected.Count];
        var shapes = new List<(DatasetLayout Layout, object? Schema)>();
        long offset = 0;
        foreach (var input in inputs)
        {
            var (count, shape) = Collect(input, offset, slot, ids, rows, options);
            offset += count;
            if (shape is { } s)
                shapes.Add(s);
        }
        for (var i = 0; i < rows.Length; i++)
        {
            if (rows[i] is null)
                throw new ArgumentException($"row {selected[i]} is selected but the input has only {offset} rows", nameof(selected));
        }

        var layout = to ?? CommonLayout(inputs, shapes);
        // The input's schema is kept only when every input has this layout and the very same schema.
        var schema = shapes.Count > 0 && shapes.All(s => s.Layout == layout && SchemaIdentity.Difference(s.Schema, shapes[0].Schema) is null) ? shapes[0].Schema : null;
        using var sink = RecordSinks.Create(outputPath, layout, schema);
        foreach (var row in rows)
            sink.Write(row);
        sink.Commit();
    }

    /// <summary>
    /// One pass over one input keeping copies of its selected rows only, in output order, so memory follows the
    /// selection and not the file. Returns the input's row count and its layout and schema (null when empty).
    /// </summary>
    private static (long Count, (DatasetLayout, object?)? Shape) Collect(
        string input, long offset, Dictionary<long, int> slot, IReadOnlyList<string>? ids, KeptRecord[] rows, DatasetReadOptions options)
    {
        // Fix the format from the file's first object row, as the reader that made the ids did.
        if (ids is not null && options.Format == DatasetFormat.Auto && ids.Count > 0)
            options = options with { Format = DatasetReader.Detect(input, options).Format };
        var parser = ids is null ? null : new RowParser(input, options with { RejectDuplicateIds = false });
        long count = 0;
        using var source = RecordSources.Open(input, options);
        foreach (var local in source.Records())
        {
            count++;
            var raw = local with { Index = offset + local.Index };
            if (!slot.TryGetValue(raw.Index, out var position))
                continue;
            if (raw.IsOversize)
                throw new DatasetFormatException(input, raw.Line, raw.Index, $"the selected row is {raw.Size:N0} bytes, over the {options.MaxRowBytes:N0}-byte row limit, so it cannot be written");
            if (parser is not null)
            {
                var outcome = parser.Parse(raw);
                if (outcome.Error is { } error)
                    throw new DatasetFormatException(input, error.Line, raw.Index, $"the selected row {ids![position]} no longer reads: {error.Message}");
                if (outcome.Sample!.Id != ids![position])
                    throw new DatasetFormatException(input, raw.Line, raw.Index, $"the row now has id {outcome.Sample.Id}, expected the selected {ids[position]}: the input changed since the selection was made");
            }
            rows[position] = source.Keep(raw);
        }
        return (count, source.Layout is { } layout ? (layout, source.Schema) : null);
    }

    private static DatasetLayout CommonLayout(IReadOnlyList<string> inputs, List<(DatasetLayout Layout, object? Schema)> shapes)
    {
        var layouts = shapes.Select(s => s.Layout).Distinct().ToList();
        return layouts.Count switch
        {
            0 => DatasetLayout.JsonLines,
            1 => layouts[0],
            _ => throw new ArgumentException($"the inputs ({string.Join(", ", inputs.Select(Path.GetFileName))}) are of different layouts ({string.Join(", ", layouts)}); name the output's with --to"),
        };
    }
}

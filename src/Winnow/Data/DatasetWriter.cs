namespace Winnow.Data;

/// <summary>
/// Writes selected rows of a dataset in the input's own schema and layout, every row byte for byte as it is
/// in the input (extra fields, key order, escapes and number spellings such as <c>NaN</c> included).
/// </summary>
public static class DatasetWriter
{
    /// <summary>
    /// Streams <paramref name="inputPath"/> once more, keeps the raw bytes of the rows listed in
    /// <paramref name="selected"/> (indices as in <see cref="RowOutcome.Index"/>) and writes them in that order:
    /// JSON lines stay one row per line; a JSON array becomes <c>[</c>, the rows joined by <c>,</c> and a line
    /// break, each with the indentation it had, then <c>]</c>. Gzip when the output path ends in <c>.gz</c>.
    /// The output appears atomically (temporary file, flush, rename); the input is never modified.
    /// </summary>
    /// <exception cref="ArgumentException">An index is negative, listed twice or past the end of the file, or the output is the input.</exception>
    /// <exception cref="DatasetFormatException">The input cannot be split into rows, or a selected row is over the row size limit.</exception>
    public static void WriteSelected(string inputPath, IReadOnlyList<long> selected, string outputPath, DatasetReadOptions? options = null) =>
        Write(inputPath, selected, null, outputPath, options ?? new DatasetReadOptions());

    /// <summary>
    /// Like <see cref="WriteSelected"/>, selecting by <see cref="Sample.Id"/> (<c>&lt;index&gt;-&lt;hash&gt;</c>, as
    /// score tables key rows). Each selected row is parsed again and its id compared, so a selection made on a
    /// file that has since been edited or reordered fails instead of emitting the wrong rows.
    /// </summary>
    /// <exception cref="ArgumentException">An id is not <c>&lt;index&gt;-&lt;hash&gt;</c>, or as for <see cref="WriteSelected"/>.</exception>
    /// <exception cref="DatasetFormatException">A selected row no longer reads, or reads with another id; or as for <see cref="WriteSelected"/>.</exception>
    public static void WriteSelectedIds(string inputPath, IReadOnlyList<string> ids, string outputPath, DatasetReadOptions? options = null)
    {
        options ??= new DatasetReadOptions();
        var indices = new long[ids.Count];
        for (var i = 0; i < ids.Count; i++)
        {
            var dash = ids[i].IndexOf('-');
            if (dash <= 0 || !long.TryParse(ids[i].AsSpan(0, dash), out indices[i]))
                throw new ArgumentException($"ids[{i}] is '{ids[i]}', expected a row id '<index>-<hash>'", nameof(ids));
        }
        // Fix the format from the file's first object row, as the reader that made the ids did.
        if (options.Format == DatasetFormat.Auto && ids.Count > 0)
            options = options with { Format = DatasetReader.Detect(inputPath, options).Format };
        Write(inputPath, indices, ids, outputPath, options);
    }

    private static void Write(string inputPath, IReadOnlyList<long> selected, IReadOnlyList<string>? ids, string outputPath, DatasetReadOptions options)
    {
        var comparison = OperatingSystem.IsLinux() ? StringComparison.Ordinal : StringComparison.OrdinalIgnoreCase;
        if (string.Equals(Path.GetFullPath(inputPath), Path.GetFullPath(outputPath), comparison))
            throw new ArgumentException($"the output {outputPath} is the input file, which is never overwritten; choose another path", nameof(outputPath));
        var slot = new Dictionary<long, int>(selected.Count);
        for (var i = 0; i < selected.Count; i++)
        {
            if (selected[i] < 0)
                throw new ArgumentException($"selected[{i}] is {selected[i]}, expected a row index >= 0", nameof(selected));
            if (!slot.TryAdd(selected[i], i))
                throw new ArgumentException($"row {selected[i]} is selected twice (positions {slot[selected[i]]} and {i}), expected each row once", nameof(selected));
        }

        var (layout, rows) = Collect(inputPath, selected, slot, ids, options);

        using var output = AtomicOutput.Create(outputPath);
        var stream = output.Stream;
        if (layout == DatasetLayout.JsonLines)
        {
            foreach (var (bytes, indent) in rows)
            {
                stream.Write(bytes.AsSpan(indent));
                stream.WriteByte((byte)'\n');
            }
        }
        else if (rows.Length == 0)
        {
            stream.Write("[]\n"u8);
        }
        else
        {
            stream.Write("[\n"u8);
            for (var i = 0; i < rows.Length; i++)
            {
                if (i > 0)
                    stream.Write(",\n"u8);
                stream.Write(rows[i].Bytes);
            }
            stream.Write("\n]\n"u8);
        }
        output.Commit();
    }

    /// <summary>
    /// One pass over the input keeping copies of the selected rows only (each with its indentation in front),
    /// in output order, so memory follows the selection and not the file.
    /// </summary>
    private static (DatasetLayout Layout, (byte[] Bytes, int Indent)[] Rows) Collect(
        string inputPath, IReadOnlyList<long> selected, Dictionary<long, int> slot, IReadOnlyList<string>? ids, DatasetReadOptions options)
    {
        var rows = new (byte[] Bytes, int Indent)[selected.Count];
        var parser = ids is null ? null : new RowParser(inputPath, options with { RejectDuplicateIds = false });
        long count = 0;
        using var source = RecordSource.Open(inputPath, options);
        foreach (var raw in source.Records())
        {
            count++;
            if (!slot.TryGetValue(raw.Index, out var position))
                continue;
            if (raw.IsOversize)
                throw new DatasetFormatException(inputPath, raw.Line, raw.Index, $"the selected row is {raw.Size:N0} bytes, over the {options.MaxRowBytes:N0}-byte row limit, so it cannot be written");
            if (parser is not null)
            {
                var outcome = parser.Parse(raw);
                if (outcome.Error is { } error)
                    throw new DatasetFormatException(inputPath, error.Line, raw.Index, $"the selected row {ids![position]} no longer reads: {error.Message}");
                if (outcome.Sample!.Id != ids![position])
                    throw new DatasetFormatException(inputPath, raw.Line, raw.Index, $"the row now has id {outcome.Sample.Id}, expected the selected {ids[position]}: the input changed since the selection was made");
            }
            var bytes = new byte[raw.Indent.Length + raw.Text.Length];
            raw.Indent.Span.CopyTo(bytes);
            raw.Text.Span.CopyTo(bytes.AsSpan(raw.Indent.Length));
            rows[position] = (bytes, raw.Indent.Length);
        }
        for (var i = 0; i < rows.Length; i++)
        {
            if (rows[i].Bytes is null)
                throw new ArgumentException($"row {selected[i]} is selected but {inputPath} has only {count} rows", nameof(selected));
        }
        return (source.Layout ?? DatasetLayout.JsonLines, rows);
    }
}

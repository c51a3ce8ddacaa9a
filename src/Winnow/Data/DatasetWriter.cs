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
    public static void WriteSelected(string inputPath, IReadOnlyList<long> selected, string outputPath, DatasetReadOptions? options = null)
    {
        options ??= new DatasetReadOptions();
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

        // Only the selected rows are held (with their indentation in front), so memory follows the selection.
        var rows = new byte[selected.Count][];
        var indents = new int[selected.Count];
        DatasetLayout layout;
        long count = 0;
        using (var source = RecordSource.Open(inputPath, options))
        {
            layout = source.Layout ?? DatasetLayout.JsonLines;
            foreach (var raw in source.Records())
            {
                count++;
                if (!slot.TryGetValue(raw.Index, out var position))
                    continue;
                if (raw.IsOversize)
                    throw new DatasetFormatException(inputPath, raw.Line, raw.Index, $"the selected row is {raw.Size:N0} bytes, over the {options.MaxRowBytes:N0}-byte row limit, so it cannot be written");
                var bytes = new byte[raw.Indent.Length + raw.Text.Length];
                raw.Indent.Span.CopyTo(bytes);
                raw.Text.Span.CopyTo(bytes.AsSpan(raw.Indent.Length));
                rows[position] = bytes;
                indents[position] = raw.Indent.Length;
            }
        }
        for (var i = 0; i < rows.Length; i++)
        {
            if (rows[i] is null)
                throw new ArgumentException($"row {selected[i]} is selected but {inputPath} has only {count} rows", nameof(selected));
        }

        using var output = AtomicOutput.Create(outputPath);
        var stream = output.Stream;
        if (layout == DatasetLayout.JsonLines)
        {
            for (var i = 0; i < rows.Length; i++)
            {
                stream.Write(rows[i].AsSpan(indents[i]));
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
                stream.Write(rows[i]);
            }
            stream.Write("\n]\n"u8);
        }
        output.Commit();
    }
}

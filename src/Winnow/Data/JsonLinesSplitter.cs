namespace Winnow.Data;

/// <summary>
/// Splits JSON lines into rows without parsing them: a row is a line with its surrounding whitespace removed;
/// blank lines are skipped (they are not rows and take no index). JSON strings cannot contain a raw line
/// break, so a line break always ends a row.
/// </summary>
internal static class JsonLinesSplitter
{
    /// <param name="start">Position in the buffer of the first row's first byte.</param>
    /// <param name="line">1-based line number of that position.</param>
    public static IEnumerable<RawRecord> Split(RecordBuffer buffer, int start, long line, int maxRowBytes, int prefixBytes)
    {
        long index = 0;
        var scan = start;
        while (true)
        {
            var data = buffer.Data;
            var found = data.AsSpan(scan, buffer.End - scan).IndexOf((byte)'\n');
            if (found >= 0 || buffer.Eof)
            {
                var lineEnd = found >= 0 ? scan + found : buffer.End;
                var (from, to) = Trim(data, start, lineEnd);
                if (to > from)
                {
                    yield return to - from > maxRowBytes
                        ? Oversize(index, line, data.AsSpan(from, to - from), to - from, prefixBytes)
                        : new RawRecord(index, line, data.AsMemory(from, to - from), default, to - from, null);
                    index++;
                }
                if (found < 0)
                    yield break;
                line++;
                start = scan = lineEnd + 1;
                continue;
            }
            if (buffer.End - start > maxRowBytes)
            {
                // Too long to keep: remember its first bytes, then drop the rest of the line as it streams by.
                var prefix = data.AsSpan(start, Math.Min(prefixBytes, buffer.End - start)).ToArray();
                long size = 0;
                while (true)
                {
                    var next = buffer.Data.AsSpan(start, buffer.End - start).IndexOf((byte)'\n');
                    if (next >= 0)
                    {
                        size += next;
                        start += next;
                        break;
                    }
                    size += buffer.End - start;
                    if (buffer.Eof)
                    {
                        start = buffer.End;
                        break;
                    }
                    buffer.Fill(buffer.End, line);
                    start = 0;
                }
                yield return new RawRecord(index++, line, default, default, size, prefix);
                if (start == buffer.End && buffer.Eof)
                    yield break;
                line++;
                start = scan = start + 1;
                continue;
            }
            scan = buffer.End;
            var shift = buffer.Fill(start, line);
            start -= shift;
            scan -= shift;
        }
    }

    private static RawRecord Oversize(long index, long line, ReadOnlySpan<byte> text, long size, int prefixBytes) =>
        new(index, line, default, default, size, text[..Math.Min(prefixBytes, text.Length)].ToArray());

    private static (int From, int To) Trim(byte[] data, int from, int to)
    {
        while (from < to && JsonBytes.IsWhitespace(data[from]))
            from++;
        while (to > from && JsonBytes.IsWhitespace(data[to - 1]))
            to--;
        return (from, to);
    }
}

namespace Winnow.Data;

/// <summary>
/// Splits a top-level JSON array into its elements without parsing them, so an array streams element by
/// element. A small state machine (inside a string or not, escapes, bracket depth) finds where each element
/// ends: at a <c>,</c> or <c>]</c> outside strings at depth 0. It does not validate the element — the row
/// parser does — which is what lets it step over bare <c>NaN</c> tokens and bad UTF-8, and resume after a
/// malformed element whose brackets still balance. An element over the row limit is scanned to its end while
/// its bytes are dropped, so memory stays bounded.
/// </summary>
internal static class JsonArraySplitter
{
    /// <param name="pos">Position in the buffer just after the opening <c>[</c>.</param>
    /// <param name="line">1-based line number of that position.</param>
    public static IEnumerable<RawRecord> Split(RecordBuffer buffer, string file, int pos, long line, int maxRowBytes, int prefixBytes)
    {
        long index = 0;
        var counted = pos; // line breaks before this position are already in 'line'
        var afterComma = false;
        var sawNewline = false; // a line break since the last ',' or '[': the element then has an indent
        var indentStart = pos;
        while (true)
        {
            var data = buffer.Data;
            while (pos < buffer.End && JsonBytes.IsWhitespace(data[pos]))
            {
                if (data[pos] == (byte)'\n')
                {
                    sawNewline = true;
                    indentStart = pos + 1;
                }
                pos++;
            }
            if (pos == buffer.End)
            {
                line += JsonBytes.CountLines(data, counted, pos);
                if (buffer.Eof)
                    throw new DatasetFormatException(file, line, afterComma ? index : null, afterComma
                        ? "the file ends after ',' without another row or the closing ']' (truncated file?)"
                        : "the file ends before the closing ']' of the array (truncated file?)");
                var shift = buffer.Fill(sawNewline ? indentStart : pos, line);
                pos -= shift;
                indentStart -= shift;
                counted = pos;
                continue;
            }
            line += JsonBytes.CountLines(data, counted, pos);
            counted = pos;
            var first = data[pos];
            if (first == (byte)']')
            {
                if (afterComma)
                    throw new DatasetFormatException(file, line, index, "expected a row after ',', found the closing ']' (trailing comma)");
                pos++;
                break;
            }
            if (first == (byte)',')
                throw new DatasetFormatException(file, line, index, afterComma
                    ? "expected a row after ',', found another ',' (empty element)"
                    : "expected a row after '[', found ','");

            var elementLine = line;
            var elementStart = pos;
            var elementStartAbsolute = buffer.Discarded + pos;
            var indentLength = sawNewline ? pos - indentStart : 0;
            var depth = 0;
            var inString = false;
            byte[]? prefix = null;
            var p = pos;
            int end;
            while (true)
            {
                data = buffer.Data;
                var found = false;
                if (inString)
                {
                    var i = data.AsSpan(p, buffer.End - p).IndexOfAny(JsonBytes.StringSpecial);
                    if (i >= 0)
                    {
                        p += i;
                        if (data[p] == (byte)'"')
                        {
                            inString = false;
                            p++;
                            continue;
                        }
                        if (p + 1 < buffer.End)
                        {
                            p += 2; // skip the escaped byte, which may be a quote
                            continue;
                        }
                        // The backslash is the last byte read: look at it again once more bytes arrive.
                    }
                    else
                    {
                        p = buffer.End;
                    }
                }
                else
                {
                    var i = data.AsSpan(p, buffer.End - p).IndexOfAny(JsonBytes.Structural);
                    if (i >= 0)
                    {
                        p += i;
                        found = true;
                    }
                    else
                    {
                        p = buffer.End;
                    }
                }
                if (found)
                {
                    var c = data[p];
                    if (depth == 0 && c is (byte)',' or (byte)']')
                    {
                        end = p;
                        break;
                    }
                    if (c == (byte)'"')
                        inString = true;
                    else if (c is (byte)'{' or (byte)'[')
                        depth++;
                    else if (c is (byte)'}' or (byte)']')
                        depth = Math.Max(0, depth - 1); // a stray '}' at depth 0 stays in the element; its parse reports it
                    p++;
                    continue;
                }
                if (buffer.Eof)
                    throw new DatasetFormatException(file, elementLine, index, "the file ends inside this row: the array is not closed (truncated file?)");
                if (prefix is null && buffer.End - elementStart > maxRowBytes)
                    prefix = data.AsSpan(elementStart, Math.Min(prefixBytes, buffer.End - elementStart)).ToArray();
                int keepFrom;
                if (prefix is null)
                {
                    keepFrom = elementStart - indentLength;
                }
                else
                {
                    // Over the limit: count the line breaks of what is dropped and keep nothing behind the scan.
                    line += JsonBytes.CountLines(data, counted, p);
                    counted = p;
                    keepFrom = p;
                }
                var moved = buffer.Fill(keepFrom, line);
                p -= moved;
                counted -= moved;
                elementStart -= moved;
            }

            var closesArray = data[end] == (byte)']';
            if (prefix is not null)
            {
                yield return new RawRecord(index, elementLine, default, default, buffer.Discarded + end - elementStartAbsolute, prefix);
            }
            else
            {
                var last = end;
                while (last > elementStart && JsonBytes.IsWhitespace(data[last - 1]))
                    last--;
                var size = last - elementStart;
                yield return size > maxRowBytes
                    ? new RawRecord(index, elementLine, default, default, size, data.AsSpan(elementStart, Math.Min(prefixBytes, size)).ToArray())
                    : new RawRecord(index, elementLine, data.AsMemory(elementStart, size), data.AsMemory(elementStart - indentLength, indentLength), size, null);
            }
            index++;
            pos = end + 1;
            if (closesArray)
                break;
            afterComma = true;
            sawNewline = false;
        }

        // Only whitespace may follow the array.
        while (true)
        {
            var data = buffer.Data;
            while (pos < buffer.End && JsonBytes.IsWhitespace(data[pos]))
                pos++;
            line += JsonBytes.CountLines(data, counted, pos);
            counted = pos;
            if (pos < buffer.End)
                throw new DatasetFormatException(file, line, null, $"unexpected {JsonBytes.Describe(data[pos])} after the closing ']' of the array, expected the end of the file");
            if (buffer.Eof)
                yield break;
            var moved = buffer.Fill(pos, line);
            pos -= moved;
            counted -= moved;
        }
    }
}

namespace Winnow.Data;

/// <summary>
/// A window over the input stream that the splitters scan in place. <see cref="Fill"/> drops the bytes before
/// the position the caller still needs, reads more, and grows the array only when the kept bytes fill it, so
/// its size follows the largest row kept (bounded by the row limit), never the file.
/// </summary>
internal sealed class RecordBuffer(Stream stream, string file, int maxRowBytes)
{
    private const int MinRead = 64 * 1024;

    public byte[] Data { get; private set; } = new byte[256 * 1024];

    /// <summary>Bytes in <see cref="Data"/> are valid up to here.</summary>
    public int End { get; private set; }

    public bool Eof { get; private set; }

    /// <summary>Total bytes dropped from the front so far: absolute file offset of <c>Data[0]</c>.</summary>
    public long Discarded { get; private set; }

    /// <summary>
    /// Keeps <c>Data[keepFrom..End]</c>, moving it to the front, and reads at least one more chunk unless the
    /// stream ends. Returns the shift (<paramref name="keepFrom"/>) that the caller subtracts from its positions.
    /// </summary>
    public int Fill(int keepFrom, long line)
    {
        var kept = End - keepFrom;
        if (keepFrom > 0)
        {
            Buffer.BlockCopy(Data, keepFrom, Data, 0, kept);
            Discarded += keepFrom;
        }
        End = kept;
        if (Data.Length - End < MinRead)
        {
            // Doubling, but not far past the row limit: a row over it is dropped, never buffered whole.
            var target = Math.Min(2L * Data.Length, (long)maxRowBytes + 4 * MinRead);
            var grown = new byte[Math.Max(target, End + MinRead)];
            Buffer.BlockCopy(Data, 0, grown, 0, End);
            Data = grown;
        }
        int read;
        try
        {
            read = stream.Read(Data, End, Data.Length - End);
        }
        catch (InvalidDataException e)
        {
            // GZipStream reports a corrupt stream this way; name the file and where reading stopped.
            throw new DatasetFormatException(file, line, null, $"the gzip stream is corrupt near byte {Discarded + End} of the decompressed data: {e.Message}", e);
        }
        if (read == 0)
            Eof = true;
        End += read;
        return keepFrom;
    }
}

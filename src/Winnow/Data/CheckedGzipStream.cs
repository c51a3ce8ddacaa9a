using System.Buffers.Binary;
using System.IO.Compression;
using System.IO.Hashing;

namespace Winnow.Data;

/// <summary>
/// Decompresses a gzip file member by member and checks every member's trailer (CRC-32 and length of the
/// decompressed bytes, RFC 1952). .NET's GZipStream ends quietly when the compressed data stops early, so a
/// truncated download would read as a shorter dataset; here it is an <see cref="InvalidDataException"/> instead.
/// Concatenated members (<c>cat a.gz b.gz</c>) are read as one stream, as gzip does.
/// </summary>
/// <remarks>
/// DeflateStream reads ahead of the end of the deflate data and does not say how far it went, so the member's end
/// is found afterwards: the trailer is the first 8 bytes after the member's start whose CRC-32 and length equal what
/// was decompressed (a chance match inside the deflate data needs a 64-bit collision).
/// </remarks>
internal sealed class CheckedGzipStream : ReadOnlyStream
{
    private const int ChunkSize = 1 << 16;

    private readonly Stream _file;
    private readonly byte[] _window = new byte[3 * ChunkSize];
    private int _windowLength;
    private int _pending;
    private int _memberStart;
    private long _filePosition;
    private bool _fileEnded;
    private DeflateStream? _member;
    private readonly Crc32 _crc = new();
    private long _memberLength;
    private bool _ended;

    public CheckedGzipStream(Stream file)
    {
        _file = file;
        StartMember(first: true);
    }

    public override int Read(byte[] buffer, int offset, int count) => Read(buffer.AsSpan(offset, count));

    public override int Read(Span<byte> buffer)
    {
        while (!_ended && buffer.Length > 0)
        {
            var read = _member!.Read(buffer);
            if (read > 0)
            {
                _crc.Append(buffer[..read]);
                _memberLength += read;
                return read;
            }
            FinishMember();
        }
        return 0;
    }

    protected override void Dispose(bool disposing)
    {
        if (disposing)
        {
            _member?.Dispose();
            _file.Dispose();
        }
        base.Dispose(disposing);
    }

    /// <summary>Reads a member header (magic, method, flags and the optional fields they announce) and opens its inflater.</summary>
    private void StartMember(bool first)
    {
        Span<byte> header = stackalloc byte[10];
        if (!TryReadExact(header))
            throw Truncated(first ? "the gzip header is incomplete" : "a gzip member header is incomplete");
        if (header[0] != 0x1f || header[1] != 0x8b)
            throw new InvalidDataException($"gzip data is followed by {(first ? "" : "non-gzip ")}bytes that are not a gzip member (byte {_filePosition - 10})");
        if (header[2] != 8)
            throw new InvalidDataException($"gzip compression method {header[2]} is not deflate (8)");
        var flags = header[3];
        if ((flags & 0x04) != 0)
        {
            Span<byte> extraLength = stackalloc byte[2];
            if (!TryReadExact(extraLength) || !TrySkip(BinaryPrimitives.ReadUInt16LittleEndian(extraLength)))
                throw Truncated("the gzip header's extra field is incomplete");
        }
        if ((flags & 0x08) != 0 && !TrySkipZeroTerminated())
            throw Truncated("the gzip header's file name is incomplete");
        if ((flags & 0x10) != 0 && !TrySkipZeroTerminated())
            throw Truncated("the gzip header's comment is incomplete");
        if ((flags & 0x02) != 0 && !TrySkip(2))
            throw Truncated("the gzip header's CRC is incomplete");
        _crc.Reset();
        _memberLength = 0;
        _memberStart = _windowLength - _pending;
        _member = new DeflateStream(new Feed(this), CompressionMode.Decompress, leaveOpen: true);
    }

    /// <summary>The inflater stopped: find and check the trailer, then start the next member or end the stream.</summary>
    private void FinishMember()
    {
        Span<byte> expected = stackalloc byte[8];
        BinaryPrimitives.WriteUInt32LittleEndian(expected, _crc.GetCurrentHashAsUInt32());
        BinaryPrimitives.WriteUInt32LittleEndian(expected[4..], unchecked((uint)_memberLength));
        _member!.Dispose();
        _member = null;
        // The inflater consumed the window up to `consumed`; the trailer starts at or before that point, and its
        // 8 bytes may reach past it, so make sure 8 unconsumed bytes are there when the file has them.
        while (_pending < 8 && !_fileEnded)
            Append(ChunkSize);
        var consumed = _windowLength - _pending;
        var searchEnd = Math.Min(_windowLength, consumed + 8);
        // The first match after the member's start: a later one may be the trailer of an identical next member.
        var found = _window.AsSpan(_memberStart, searchEnd - _memberStart).IndexOf(expected);
        if (found >= 0)
            found += _memberStart;
        if (found < 0)
            throw Truncated($"the gzip data ends without a valid trailer after {_memberLength:N0} decompressed bytes");
        _pending = _windowLength - (found + 8);
        if (_pending == 0)
            Append(ChunkSize);
        if (_pending == 0)
        {
            _ended = true;
            return;
        }
        StartMember(first: false);
    }

    /// <summary>Reads up to <paramref name="max"/> more bytes of the file into the window, dropping old consumed bytes first when full.</summary>
    private void Append(int max)
    {
        if (_fileEnded)
            return;
        if (_windowLength + max > _window.Length)
        {
            // Keep the unconsumed bytes and one chunk of consumed ones: a trailer is never further back than the
            // last read of the inflater (at most its 8 KiB buffer), well within that chunk.
            var keep = _pending + Math.Min(_windowLength - _pending, ChunkSize);
            var dropped = _windowLength - keep;
            Array.Copy(_window, dropped, _window, 0, keep);
            _windowLength = keep;
            _memberStart = Math.Max(0, _memberStart - dropped);
        }
        var read = _file.Read(_window, _windowLength, Math.Min(max, _window.Length - _windowLength));
        if (read == 0)
        {
            _fileEnded = true;
            return;
        }
        _windowLength += read;
        _pending += read;
        _filePosition += read;
    }

    /// <summary>Takes up to <paramref name="destination"/>.Length bytes from the window's unconsumed tail, refilling from the file.</summary>
    private int Take(Span<byte> destination)
    {
        if (_pending == 0)
            Append(ChunkSize);
        var n = Math.Min(_pending, destination.Length);
        _window.AsSpan(_windowLength - _pending, n).CopyTo(destination);
        _pending -= n;
        return n;
    }

    private bool TryReadExact(Span<byte> destination)
    {
        var done = 0;
        while (done < destination.Length)
        {
            var n = Take(destination[done..]);
            if (n == 0)
                return false;
            done += n;
        }
        return true;
    }

    private bool TrySkip(int count)
    {
        Span<byte> one = stackalloc byte[1];
        for (var i = 0; i < count; i++)
        {
            if (Take(one) == 0)
                return false;
        }
        return true;
    }

    private bool TrySkipZeroTerminated()
    {
        Span<byte> one = stackalloc byte[1];
        while (true)
        {
            if (Take(one) == 0)
                return false;
            if (one[0] == 0)
                return true;
        }
    }

    private static InvalidDataException Truncated(string what) =>
        new($"{what}: the file is truncated or corrupt (an interrupted download or copy?)");

    /// <summary>The compressed bytes of the current member as the inflater sees them.</summary>
    private sealed class Feed(CheckedGzipStream owner) : ReadOnlyStream
    {
        public override int Read(byte[] buffer, int offset, int count) => owner.Take(buffer.AsSpan(offset, count));

        public override int Read(Span<byte> buffer) => owner.Take(buffer);
    }
}

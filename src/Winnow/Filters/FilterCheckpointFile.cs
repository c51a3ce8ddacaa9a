using System.Buffers.Binary;
using System.IO.Compression;
using System.Security.Cryptography;
using System.Text;

namespace Winnow.Filters;

/// <summary>
/// The bytes of a <see cref="FilterCheckpoint"/>: the magic <c>WNFILTER</c>, the format version and the key (a
/// length-prefixed UTF-8 string), then a Deflate body, then a trailer of the byte count before it (8 bytes, little
/// endian) and the SHA-256 of those bytes. The body is a string table (every code, detail, gate reason and filter name
/// once) followed by the steps and the rows, each row a 7-bit varint delta of its source index from the previous row's
/// (rows sorted by index) and the string number of its code and detail. Details repeat (a gate's reason differs only
/// in its rank, rounded to 0.1 %), so the table and the Deflate layer keep a decided row at a few bytes. A file cut
/// short or changed in any byte fails the trailer check and is never half-read.
/// </summary>
public static class FilterCheckpointFile
{
    public const int FormatVersion = 1;

    private static ReadOnlySpan<byte> Magic => "WNFILTER"u8;

    private const int TrailerBytes = sizeof(long) + SHA256.HashSizeInBytes;

    public static void Write(Stream output, FilterCheckpoint checkpoint)
    {
        var strings = new Dictionary<string, int>(StringComparer.Ordinal);
        var body = new MemoryStream();
        using (var rows = new BinaryWriter(new MemoryStream(), Encoding.UTF8))
        {
            int Number(string text)
            {
                if (!strings.TryGetValue(text, out var number))
                    strings.Add(text, number = strings.Count);
                return number;
            }

            rows.Write7BitEncodedInt(checkpoint.Steps.Count);
            foreach (var step in checkpoint.Steps)
            {
                rows.Write7BitEncodedInt(Number(step.Name));
                rows.Write7BitEncodedInt64(step.RowsIn);
                rows.Write7BitEncodedInt64(step.SetAside);
                rows.Write(step.Seconds);
                rows.Write(step.Unselectable is not null);
                if (step.Unselectable is not { } gated)
                    continue;
                rows.Write7BitEncodedInt(gated.Count);
                long previous = 0;
                foreach (var (index, reason) in gated.OrderBy(g => g.Key))
                {
                    rows.Write7BitEncodedInt64(index - previous);
                    rows.Write7BitEncodedInt(Number(reason));
                    previous = index;
                }
            }
            rows.Write7BitEncodedInt(checkpoint.SetAside.Count);
            long last = 0;
            foreach (var decision in checkpoint.SetAside.OrderBy(d => d.Index))
            {
                rows.Write7BitEncodedInt64(decision.Index - last);
                rows.Write7BitEncodedInt(Number(decision.Code));
                rows.Write7BitEncodedInt(Number(decision.Detail));
                last = decision.Index;
            }
            rows.Flush();

            using var deflate = new DeflateStream(body, CompressionLevel.Optimal, leaveOpen: true);
            using var table = new BinaryWriter(deflate, Encoding.UTF8, leaveOpen: true);
            table.Write7BitEncodedInt(strings.Count);
            foreach (var text in strings.Keys)
                table.Write(text);
            table.Flush();
            ((MemoryStream)rows.BaseStream).WriteTo(deflate);
        }

        var head = new MemoryStream();
        using (var header = new BinaryWriter(head, Encoding.UTF8, leaveOpen: true))
        {
            header.Write(Magic);
            header.Write7BitEncodedInt(FormatVersion);
            header.Write(checkpoint.Key);
        }
        body.WriteTo(head);
        var content = head.ToArray();
        output.Write(content);
        Span<byte> trailer = stackalloc byte[TrailerBytes];
        BinaryPrimitives.WriteInt64LittleEndian(trailer, content.Length);
        SHA256.HashData(content, trailer[sizeof(long)..]);
        output.Write(trailer);
    }

    /// <summary>The checkpoint in <paramref name="bytes"/>.</summary>
    /// <exception cref="InvalidDataException">The bytes are not a whole checkpoint of this format: cut short, changed, another version.</exception>
    public static FilterCheckpoint Read(byte[] bytes)
    {
        if (bytes.Length < Magic.Length + TrailerBytes || !bytes.AsSpan(0, Magic.Length).SequenceEqual(Magic))
            throw new InvalidDataException("not a filter checkpoint");
        var contentLength = bytes.Length - TrailerBytes;
        if (BinaryPrimitives.ReadInt64LittleEndian(bytes.AsSpan(contentLength)) != contentLength)
            throw new InvalidDataException("cut short or extended: its trailer gives another length");
        if (!SHA256.HashData(bytes.AsSpan(0, contentLength)).AsSpan().SequenceEqual(bytes.AsSpan(contentLength + sizeof(long))))
            throw new InvalidDataException("its SHA-256 does not match its content");
        try
        {
            using var header = new BinaryReader(new MemoryStream(bytes, Magic.Length, contentLength - Magic.Length), Encoding.UTF8);
            var version = header.Read7BitEncodedInt();
            if (version != FormatVersion)
                throw new InvalidDataException($"format version {version}, expected {FormatVersion}");
            var key = header.ReadString();
            using var body = new BinaryReader(new DeflateStream(header.BaseStream, CompressionMode.Decompress), Encoding.UTF8);
            var strings = new string[body.Read7BitEncodedInt()];
            for (var i = 0; i < strings.Length; i++)
                strings[i] = body.ReadString();
            var steps = new FilterCheckpoint.Step[body.Read7BitEncodedInt()];
            for (var s = 0; s < steps.Length; s++)
            {
                var (name, rowsIn, setAside, seconds) = (strings[body.Read7BitEncodedInt()], body.Read7BitEncodedInt64(), body.Read7BitEncodedInt64(), body.ReadDouble());
                List<KeyValuePair<long, string>>? gated = null;
                if (body.ReadBoolean())
                {
                    var count = body.Read7BitEncodedInt();
                    gated = new List<KeyValuePair<long, string>>(count);
                    long previous = 0;
                    for (var i = 0; i < count; i++)
                    {
                        previous += body.Read7BitEncodedInt64();
                        gated.Add(new(previous, strings[body.Read7BitEncodedInt()]));
                    }
                }
                steps[s] = new FilterCheckpoint.Step(name, rowsIn, setAside, seconds, gated);
            }
            var decisions = new FilterCheckpoint.Decision[body.Read7BitEncodedInt()];
            long last = 0;
            for (var i = 0; i < decisions.Length; i++)
            {
                last += body.Read7BitEncodedInt64();
                decisions[i] = new FilterCheckpoint.Decision(last, strings[body.Read7BitEncodedInt()], strings[body.Read7BitEncodedInt()]);
            }
            if (body.BaseStream.ReadByte() != -1)
                throw new InvalidDataException("bytes after its last row");
            return new FilterCheckpoint(key, steps, decisions);
        }
        catch (Exception e) when (e is EndOfStreamException or IndexOutOfRangeException or FormatException or IOException)
        {
            throw new InvalidDataException($"unreadable body ({e.Message})", e);
        }
    }
}

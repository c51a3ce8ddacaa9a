using System.Buffers;
using System.IO.Compression;
using System.Text;
using Winnow.Text;

namespace Winnow.Quality.Features;

/// <summary>
/// Two byte-level Kneser–Ney language models (Winnow's own <see cref="KneserNeyBuilder"/>), one fitted on preferred
/// responses and one on the other side. A response's features are the log-likelihood ratio per byte,
/// (log P_pref − log P_other) / bytes, over the whole response and over its opening 256 bytes (where the style of an
/// answer shows first). Training rows must be scored cross-fitted (<see cref="CrossFitted"/>): a model that has seen
/// a response scores it far too confidently.
/// </summary>
public sealed class CharLanguageModels
{
    public const int OpeningBytes = 256;
    private const string Magic = "winnow-charlm-1";

    private readonly KneserNeyBuilder _preferredCounts;
    private readonly KneserNeyBuilder _otherCounts;
    private readonly PairedByteLmTable _table;

    private CharLanguageModels(KneserNeyBuilder preferred, KneserNeyBuilder other)
    {
        _preferredCounts = preferred;
        _otherCounts = other;
        // Only the flattened table is kept for scoring; the models it is read from are dropped.
        var predicted = new LmVocabulary(LmUnit.Byte).PredictedCount;
        _table = new PairedByteLmTable(preferred.Build(predicted), other.Build(predicted));
    }

    public static IReadOnlyList<string> Names { get; } = ["char_llr", "char_llr_opening"];

    public int Order => _preferredCounts.Order;

    /// <summary>The counts of the model fitted on preferred responses (saved; the reference twin rebuilds from them).</summary>
    internal KneserNeyBuilder PreferredCounts => _preferredCounts;

    /// <summary>The counts of the model fitted on the other side.</summary>
    internal KneserNeyBuilder OtherCounts => _otherCounts;

    public static CharLanguageModels Fit(IEnumerable<(string Preferred, string Other)> pairs, int order)
    {
        var bytes = new LmVocabulary(LmUnit.Byte);
        var preferred = new KneserNeyBuilder(order, bytes.Bits);
        var other = new KneserNeyBuilder(order, bytes.Bits);
        foreach (var (p, o) in pairs)
        {
            preferred.Add(bytes.Encode(p, grow: false));
            other.Add(bytes.Encode(o, grow: false));
        }
        return new CharLanguageModels(preferred, other);
    }

    /// <summary>
    /// Features of every training pair from models that did not see it: pair i is in fold i mod <paramref name="folds"/>
    /// and is scored by the models fitted on the other folds. Returns (preferred side, other side) per pair.
    /// </summary>
    public static (double[] Preferred, double[] Other)[] CrossFitted(IReadOnlyList<(string Preferred, string Other)> pairs, int order, int folds)
    {
        var result = new (double[], double[])[pairs.Count];
        for (var fold = 0; fold < folds; fold++)
        {
            var models = Fit(pairs.Where((_, i) => i % folds != fold), order);
            for (var i = fold; i < pairs.Count; i += folds)
                result[i] = (models.Features(pairs[i].Preferred), models.Features(pairs[i].Other));
        }
        return result;
    }

    public double[] Features(string response)
    {
        var rented = ArrayPool<byte>.Shared.Rent(Encoding.UTF8.GetMaxByteCount(response.Length));
        var length = Encoding.UTF8.GetBytes(response, rented);
        // One position per byte and one for the closing </s>.
        var positions = length + 1;
        var openingCount = Math.Min(OpeningBytes, positions);
        var (all, opening) = _table.LogRatios(rented.AsSpan(0, length), openingCount);
        ArrayPool<byte>.Shared.Return(rented);
        return [all / positions, opening / openingCount];
    }

    /// <summary>Saves both count tables, gzip-compressed (keys sorted so the bytes are the same on every run).</summary>
    public void Save(string path)
    {
        using var file = File.Create(path);
        using var gzip = new GZipStream(file, CompressionLevel.SmallestSize);
        using var writer = new BinaryWriter(gzip);
        writer.Write(Magic);
        writer.Write(Order);
        foreach (var builder in new[] { _preferredCounts, _otherCounts })
        {
            writer.Write(builder.Tokens);
            writer.Write(builder.TopCounts.Count);
            var previous = 0L;
            foreach (var (key, count) in builder.TopCounts.OrderBy(e => e.Key))
            {
                writer.Write7BitEncodedInt64(key - previous);
                writer.Write7BitEncodedInt(count);
                previous = key;
            }
        }
    }

    public static CharLanguageModels Load(Stream stream, string path)
    {
        using var gzip = new GZipStream(stream, CompressionMode.Decompress, leaveOpen: true);
        using var reader = new BinaryReader(gzip);
        try
        {
            if (reader.ReadString() != Magic)
                throw new InvalidDataException($"{path}: not a Winnow character LM file (expected '{Magic}')");
            var order = reader.ReadInt32();
            var bits = new LmVocabulary(LmUnit.Byte).Bits;
            var builders = new KneserNeyBuilder[2];
            for (var m = 0; m < 2; m++)
            {
                var tokens = reader.ReadInt64();
                var count = reader.ReadInt32();
                var counts = new (long, int)[count];
                var key = 0L;
                for (var i = 0; i < count; i++)
                {
                    key += reader.Read7BitEncodedInt64();
                    counts[i] = (key, reader.Read7BitEncodedInt());
                }
                builders[m] = KneserNeyBuilder.Restore(order, bits, tokens, counts);
            }
            return new CharLanguageModels(builders[0], builders[1]);
        }
        catch (Exception e) when (e is EndOfStreamException or InvalidDataException or FormatException)
        {
            throw new InvalidDataException($"{path}: the character LM file is truncated or corrupt ({e.Message})");
        }
    }
}

using System.Text;
using Winnow.Models;
using Winnow.Models.SafeTensors;

namespace Winnow.Tests.Models;

/// <summary>Header validation on hand-made hostile files, dtype widening, and the __metadata__ entry.</summary>
public class SafetensorsTests
{
    private static string Entry(string name, string dtype, string shape, long begin, long end) =>
        $"\"{name}\":{{\"dtype\":\"{dtype}\",\"shape\":{shape},\"data_offsets\":[{begin},{end}]}}";

    public static TheoryData<string, string, int, string> Hostile() => new()
    {
        { "unknown dtype", "{" + Entry("w", "F12", "[2]", 0, 8) + "}", 8, "unknown dtype 'F12'" },
        { "shape disagrees with bytes", "{" + Entry("w", "F32", "[3]", 0, 8) + "}", 8, "needs 12 bytes but data_offsets span 8" },
        { "overlap", "{" + Entry("a", "F32", "[2]", 0, 8) + "," + Entry("b", "F32", "[2]", 4, 12) + "}", 12, "overlaps" },
        { "gap", "{" + Entry("a", "F32", "[1]", 0, 4) + "," + Entry("b", "F32", "[1]", 8, 12) + "}", 12, "leaves a gap" },
        { "past the end", "{" + Entry("w", "F32", "[4]", 0, 16) + "}", 8, "past the 8-byte data section" },
        { "trailing bytes", "{" + Entry("w", "F32", "[2]", 0, 8) + "}", 12, "trailing bytes not indexed" },
        { "negative shape", "{" + Entry("w", "F32", "[-2]", 0, 8) + "}", 8, "not a non-negative integer" },
        { "begin after end", "{" + Entry("w", "F32", "[0]", 8, 0) + "}", 8, "begin after end" },
        { "duplicate key", "{" + Entry("w", "F32", "[2]", 0, 8) + "," + Entry("w", "F32", "[2]", 0, 8) + "}", 8, "appears twice" },
        { "not JSON", "{\"w\": [", 0, "not valid UTF-8 JSON" },
        { "not an object", "[1, 2]", 0, "does not start with '{'" },
        { "metadata not strings", "{\"__metadata__\":{\"format\":1}}", 0, "is not a string" },
        { "missing offsets", "{\"w\":{\"dtype\":\"F32\",\"shape\":[1]}}", 4, "no 'data_offsets' array" },
        { "three offsets", "{" + "\"w\":{\"dtype\":\"F32\",\"shape\":[1],\"data_offsets\":[0,4,8]}" + "}", 4, "has 3 entries, expected 2" },
    };

    [Theory]
    [MemberData(nameof(Hostile))]
    public void HostileHeadersAreRejectedWithTheFileAndProblemNamed(string what, string header, int dataBytes, string problem)
    {
        using var folder = new TempFolder();
        var path = folder.File("model.safetensors");
        SafetensorsWriter.WriteRaw(path, header, new byte[dataBytes]);
        var error = Assert.Throws<ModelFormatException>(() => SafetensorsFile.Open(path).Dispose());
        Assert.True(error.Message.Contains(path) && error.Message.Contains(problem), $"{what}: message was '{error.Message}'");
    }

    [Fact]
    public void LengthPrefixProblemsAreRejected()
    {
        using var folder = new TempFolder();
        var tiny = folder.File("tiny.safetensors");
        File.WriteAllBytes(tiny, [1, 2, 3]);
        Assert.Contains("shorter than the 8-byte header length", Assert.Throws<ModelFormatException>(() => SafetensorsFile.Open(tiny)).Message);
        var huge = folder.File("huge.safetensors");
        SafetensorsWriter.WriteRaw(huge, "{}", [], declaredHeaderLength: 200_000_000);
        Assert.Contains("exceeds the format's limit", Assert.Throws<ModelFormatException>(() => SafetensorsFile.Open(huge)).Message);
        var truncated = folder.File("truncated.safetensors");
        SafetensorsWriter.WriteRaw(truncated, "{}", [], declaredHeaderLength: 4096);
        Assert.Contains("runs past the end", Assert.Throws<ModelFormatException>(() => SafetensorsFile.Open(truncated)).Message);
    }

    [Fact]
    public void FloatDTypesWidenExactlyAndMetadataAndPaddingAreAccepted()
    {
        using var folder = new TempFolder();
        var path = folder.File("m.safetensors");
        float[] values = [1.5f, -2.25f, 0.0078125f, 384f]; // representable in F16 and BF16, so widening must be exact
        var data = new List<byte>();
        foreach (var v in values)
            data.AddRange(BitConverter.GetBytes(v));
        foreach (var v in values)
            data.AddRange(BitConverter.GetBytes((Half)v));
        foreach (var v in values)
            data.AddRange(BitConverter.GetBytes((ushort)(BitConverter.SingleToInt32Bits(v) >> 16)));
        data.AddRange(new byte[16]); // an I64 buffer (e.g. BERT's position_ids): valid, not loadable as weights
        var header = "{\"__metadata__\":{\"format\":\"pt\"}," + Entry("f32", "F32", "[2,2]", 0, 16) + "," + Entry("f16", "F16", "[4]", 16, 24) + ","
            + Entry("bf16", "BF16", "[4]", 24, 32) + "," + Entry("ids", "I64", "[2]", 32, 48) + "}";
        // The format allows trailing spaces after the JSON (writers pad the header to 8-byte alignment).
        SafetensorsWriter.WriteRaw(path, header + "   ", data.ToArray());
        using var file = SafetensorsFile.Open(path);
        Assert.Equal("pt", file.Metadata["format"]);
        Assert.Equal(values, file.ReadSingle("f32"));
        Assert.Equal(values, file.ReadSingle("f16"));
        Assert.Equal(values, file.ReadSingle("bf16"));
        Assert.Equal(new long[] { 2, 2 }, file.Tensors["f32"].Shape);
        Assert.Contains("only F32, F16, BF16 and F64", Assert.Throws<ModelFormatException>(() => file.ReadSingle("ids")).Message);
    }

    [Fact]
    public void HeaderLengthIsReadLittleEndian()
    {
        using var folder = new TempFolder();
        var path = folder.File("m.safetensors");
        SafetensorsWriter.WriteF32(path, ("w", [2], [3f, 4f]));
        var bytes = File.ReadAllBytes(path);
        var length = BitConverter.ToUInt64(bytes, 0);
        Assert.Equal((ulong)Encoding.UTF8.GetByteCount(Encoding.UTF8.GetString(bytes, 8, (int)length)), length);
        using var file = SafetensorsFile.Open(path);
        Assert.Equal(new[] { 3f, 4f }, file.ReadSingle("w"));
    }
}

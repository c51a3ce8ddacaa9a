namespace Winnow.Models.Gguf;

/// <summary>Metadata value types of the GGUF format (version 3).</summary>
public enum GgufValueType : uint
{
    UInt8 = 0,
    Int8 = 1,
    UInt16 = 2,
    Int16 = 3,
    UInt32 = 4,
    Int32 = 5,
    Float32 = 6,
    Bool = 7,
    String = 8,
    Array = 9,
    UInt64 = 10,
    Int64 = 11,
    Float64 = 12,
}

/// <summary>The ggml tensor types this code writes or accepts, with their block geometry.</summary>
public enum GgmlType : uint
{
    F32 = 0,
    F16 = 1,
    Q4_0 = 2,
    Q4_1 = 3,
    Q5_0 = 6,
    Q5_1 = 7,
    Q8_0 = 8,
    Q2_K = 10,
    Q3_K = 11,
    Q4_K = 12,
    Q5_K = 13,
    Q6_K = 14,
    BF16 = 30,
}

public static class GgmlTypes
{
    /// <summary>(elements per block, bytes per block) of a type; null for a type this code does not know.</summary>
    public static (int Elements, int Bytes)? Block(GgmlType type) => type switch
    {
        GgmlType.F32 => (1, 4),
        GgmlType.F16 => (1, 2),
        GgmlType.BF16 => (1, 2),
        GgmlType.Q4_0 => (32, 18),
        GgmlType.Q4_1 => (32, 20),
        GgmlType.Q5_0 => (32, 22),
        GgmlType.Q5_1 => (32, 24),
        GgmlType.Q8_0 => (32, 34),
        GgmlType.Q2_K => (256, 84),
        GgmlType.Q3_K => (256, 110),
        GgmlType.Q4_K => (256, 144),
        GgmlType.Q5_K => (256, 176),
        GgmlType.Q6_K => (256, 210),
        _ => null,
    };

    /// <summary>Bytes of a tensor of <paramref name="elements"/> (a multiple of the block size) stored as <paramref name="type"/>.</summary>
    public static long Bytes(GgmlType type, long elements)
    {
        var (per, bytes) = Block(type) ?? throw new ArgumentOutOfRangeException(nameof(type), $"unknown ggml type {(uint)type}");
        return checked(elements / per * bytes);
    }

    /// <summary>Lower-case name as llama.cpp prints it (f32, f16, q8_0, …).</summary>
    public static string Name(GgmlType type) => type.ToString().ToLowerInvariant();
}

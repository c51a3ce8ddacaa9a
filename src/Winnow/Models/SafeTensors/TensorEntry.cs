namespace Winnow.Models.SafeTensors;

/// <summary>One tensor of a safetensors file: dtype, shape and its byte range relative to the data section.</summary>
public sealed record TensorEntry(string Name, TensorDType DType, long[] Shape, long Begin, long End)
{
    public long ElementCount => Shape.Aggregate(1L, (a, b) => a * b);

    public string ShapeText => "[" + string.Join(", ", Shape) + "]";
}

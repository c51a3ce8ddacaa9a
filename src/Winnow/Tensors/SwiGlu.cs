using System.Numerics.Tensors;

namespace Winnow.Tensors;

public static partial class Kernels
{
    /// <summary>
    /// SwiGLU gate of the Llama MLP: <c>y = silu(gate) · up</c>, element-wise (the input to <c>down_proj</c>).
    /// </summary>
    /// <param name="gate">Output of <c>gate_proj</c>.</param>
    /// <param name="up">Output of <c>up_proj</c>, same length as gate.</param>
    /// <param name="destination">Same length; may be gate or up itself (in place). Partial overlap is an error.</param>
    /// <remarks>Edge cases follow <see cref="Silu"/> for the gate.</remarks>
    public static void SwiGlu(ReadOnlySpan<float> gate, ReadOnlySpan<float> up, Span<float> destination)
    {
        CheckSameLength(gate, destination);
        if (up.Length != gate.Length)
            throw new ArgumentException($"up has length {up.Length}, gate has {gate.Length}", nameof(up));
        Span<float> s = stackalloc float[256];
        for (var start = 0; start < gate.Length; start += s.Length)
        {
            var n = Math.Min(s.Length, gate.Length - start);
            var g = gate.Slice(start, n);
            TensorPrimitives.Sigmoid(g, s[..n]);
            TensorPrimitives.Multiply(s[..n], g, s[..n]);
            TensorPrimitives.Multiply(s[..n], up.Slice(start, n), destination.Slice(start, n));
        }
    }
}

namespace Winnow.Models;

/// <summary>How the managed engine holds a decoder's linear weights (projections, MLP, vocabulary head, token embedding).</summary>
public enum WeightFormat
{
    /// <summary>Float32 (a quantised GGUF file is widened).</summary>
    Float32,

    /// <summary>
    /// ggml Q8_0: 32-weight blocks of int8 with one F16 scale, multiplied by 8-bit activations (llama.cpp's Q8_0 × Q8_0
    /// arithmetic). Read as stored from a q8_0 GGUF file, or quantised at load from float weights. A layer whose input
    /// size is not a multiple of 32 stays float32, as <c>winnow convert gguf</c> keeps it; norms, biases, position
    /// embeddings and attention stay float32.
    /// </summary>
    Q8_0,
}

/// <summary>Recipe names of <see cref="WeightFormat"/>.</summary>
public static class WeightFormatNames
{
    public static string Name(this WeightFormat format) => format == WeightFormat.Q8_0 ? "q8_0" : "f32";
}

namespace Winnow.Models;

/// <summary>Named float32 weights by their Hugging Face names, checked against the shape the architecture expects.</summary>
public interface IWeightSource
{
    /// <summary>Label used in error messages (a folder path, or "in-memory").</summary>
    string Name { get; }

    bool Contains(string tensorName);

    /// <summary>The tensor widened to float32; throws <see cref="ModelFormatException"/> when missing or of another shape.</summary>
    float[] Load(string tensorName, params long[] expectedShape);
}

using System.Globalization;
using Winnow.Models;

namespace Winnow.Backends;

/// <summary>
/// One way <c>backend: auto</c> could run a model: an engine, the path it reads (a Hugging Face folder or a .gguf file),
/// the weights in words for the reason line, the managed engine's weight format, and the bytes of weights it would hold.
/// </summary>
public sealed record EngineCandidate(BackendKind Kind, string Model, string Weights, WeightFormat Format = WeightFormat.Float32, long Bytes = 0)
{
    public string Describe() => $"{Kind.Name()} ({Weights})";

    public string Memory => (Bytes / 1e9).ToString("F2", CultureInfo.InvariantCulture) + " GB";
}

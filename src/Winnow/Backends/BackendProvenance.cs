using System.Globalization;

namespace Winnow.Backends;

/// <summary>
/// Where a backend's numbers come from, recorded with every score: the engine (<c>managed</c>, <c>llama.cpp</c>, an
/// HTTP server), the model path and a hash of its whole weight files, the weights' storage type (f32, f16, bf16,
/// q8_0, …), the engine build, which tokenizer produced the ids, why this engine was chosen, and engine options that
/// change numbers (precision, GPU layers, threads).
/// </summary>
public sealed record BackendProvenance(
    string Backend,
    string Model,
    string ModelHash,
    string Quantisation,
    string Build,
    string Tokenizer,
    string Reason,
    IReadOnlyDictionary<string, string> Options)
{
    /// <summary>
    /// Writes this provenance into a component's settings: <c>{prefix}model</c>, <c>{prefix}model_hash</c>,
    /// <c>{prefix}backend</c>, <c>{prefix}backend_build</c>, <c>{prefix}backend_reason</c>, <c>{prefix}quantisation</c>,
    /// <c>{prefix}tokenizer</c> and every option as <c>{prefix}backend.{key}</c>.
    /// </summary>
    public void AddTo(IDictionary<string, string> settings, string prefix = "")
    {
        settings[prefix + "model"] = Model;
        settings[prefix + "model_hash"] = ModelHash;
        settings[prefix + "backend"] = Backend;
        settings[prefix + "backend_build"] = Build;
        settings[prefix + "backend_reason"] = Reason;
        settings[prefix + "quantisation"] = Quantisation;
        settings[prefix + "tokenizer"] = Tokenizer;
        foreach (var (key, value) in Options)
            settings[prefix + "backend." + key] = value;
    }

    internal static string Text(int value) => value.ToString(CultureInfo.InvariantCulture);
}

using Winnow.Models.Decoders;

namespace Winnow.Models;

/// <summary>Loads causal language models (GPT-2, Llama, Mistral, Qwen2) from a Hugging Face folder or from weights in memory.</summary>
public static class CausalLM
{
    /// <summary>Opens the folder, loads every weight as float32 and releases the memory maps.</summary>
    public static ICausalLanguageModel Load(string modelDirectory, ModelOptions? options = null)
    {
        using var dir = ModelDirectory.Open(modelDirectory);
        return Load(dir.Config, dir, options);
    }

    public static ICausalLanguageModel Load(ModelConfig config, IWeightSource weights, ModelOptions? options = null)
    {
        var spec = DecoderSpec.FromConfig(config);
        return new DecoderModel(spec, DecoderWeights.Load(spec, weights), options ?? ModelOptions.Default);
    }
}

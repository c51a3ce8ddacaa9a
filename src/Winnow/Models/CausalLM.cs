using Winnow.Models.Decoders;

namespace Winnow.Models;

/// <summary>Loads causal language models (GPT-2, Llama, Mistral, Qwen2) from a Hugging Face folder or from weights in memory.</summary>
public static class CausalLM
{
    /// <summary>
    /// Opens the folder, loads every weight as float32 and releases the memory maps. A PEFT LoRA adapter folder
    /// (adapter_config.json) loads its base model with the adapters merged into the weights.
    /// </summary>
    public static ICausalLanguageModel Load(string modelDirectory, ModelOptions? options = null)
    {
        if (Training.Lora.PeftAdapterFolder.IsAdapter(modelDirectory))
            return LoadAdapter(modelDirectory, options, out _);
        using var dir = ModelDirectory.Open(modelDirectory);
        return Load(dir.Config, dir, options);
    }

    public static ICausalLanguageModel Load(ModelConfig config, IWeightSource weights, ModelOptions? options = null)
    {
        var spec = DecoderSpec.FromConfig(config);
        options ??= ModelOptions.Default;
        return new DecoderModel(spec, DecoderWeights.Load(spec, weights, options.Weights), options);
    }

    /// <summary>
    /// A GGUF file (llama, qwen2 or gpt2) in the managed engine: with <see cref="WeightFormat.Q8_0"/> its Q8_0 tensors
    /// are used as stored (never widened), otherwise every tensor is widened to float32.
    /// </summary>
    public static ICausalLanguageModel LoadGguf(string path, ModelOptions? options = null)
    {
        var weights = Gguf.GgufWeights.Open(path);
        return Load(weights.Config, weights, options);
    }

    /// <summary>A PEFT LoRA adapter folder on its base (named by base_model_name_or_path), merged at load.</summary>
    public static ICausalLanguageModel LoadAdapter(string adapterFolder, ModelOptions? options, out string baseFolder)
    {
        var (spec, weights, folder) = Training.Lora.PeftAdapterFolder.LoadMerged(adapterFolder);
        baseFolder = folder;
        return new DecoderModel(spec, weights, options ?? ModelOptions.Default);
    }
}

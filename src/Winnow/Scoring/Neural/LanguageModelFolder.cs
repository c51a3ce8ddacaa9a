using Winnow.Models;
using Winnow.Tokenizers;

namespace Winnow.Scoring.Neural;

/// <summary>A causal LM, its tokenizer (tokenizer.json in the same folder) and the folder's provenance hash.</summary>
public sealed class LanguageModelFolder
{
    private LanguageModelFolder(string path, ICausalLanguageModel model, Tokenizer tokenizer, string fingerprint)
    {
        Path = path;
        Model = model;
        Tokenizer = tokenizer;
        Fingerprint = fingerprint;
    }

    public string Path { get; }

    public ICausalLanguageModel Model { get; }

    public Tokenizer Tokenizer { get; }

    public string Fingerprint { get; }

    /// <summary>A model built in memory (benchmarks, tests); <paramref name="name"/> stands in for the folder in provenance.</summary>
    public static LanguageModelFolder InMemory(string name, ICausalLanguageModel model, Tokenizer tokenizer) =>
        new(name, model, tokenizer, "in-memory");

    /// <summary>Loads the folder named by the scorer's required <c>model</c> parameter.</summary>
    public static LanguageModelFolder Load(string owner, string? path)
    {
        if (string.IsNullOrEmpty(path))
            throw new ArgumentException($"{owner}: parameter 'model' is required (a Hugging Face folder with config.json, model.safetensors and tokenizer.json)");
        var full = System.IO.Path.GetFullPath(path);
        if (!Directory.Exists(full))
            throw new ArgumentException($"{owner}: model folder '{full}' does not exist");
        if (!File.Exists(System.IO.Path.Combine(full, "tokenizer.json")))
            throw new ArgumentException($"{owner}: model folder '{full}' has no tokenizer.json (the scorer tokenises with the model's own tokenizer)");
        using var directory = ModelDirectory.Open(full);
        var fingerprint = ModelFingerprint.Compute(full, directory.WeightFiles);
        var model = CausalLM.Load(directory.Config, directory);
        return new LanguageModelFolder(full, model, Tokenizer.Load(full), fingerprint);
    }
}

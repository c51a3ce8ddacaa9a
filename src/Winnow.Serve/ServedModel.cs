using Winnow.Models;
using Winnow.Tokenizers;

namespace Winnow.Serve;

/// <summary>The model a server answers for: the in-process causal LM, its tokenizer when the folder has one, its name.</summary>
public sealed class ServedModel
{
    public ServedModel(string name, ICausalLanguageModel model, Tokenizer? tokenizer)
    {
        Name = name;
        Model = model;
        Tokenizer = tokenizer;
    }

    public string Name { get; }

    public ICausalLanguageModel Model { get; }

    /// <summary>Null for id-only fixture models: then prompts must be token ids and replies carry no text.</summary>
    public Tokenizer? Tokenizer { get; }

    public int MaxContext => Model.MaxPositions;

    /// <summary>Loads a Hugging Face folder (config.json, safetensors, optional tokenizer.json) with the managed engine.</summary>
    public static ServedModel Load(string path, string? servedName)
    {
        var full = Path.GetFullPath(path);
        if (File.Exists(full) && full.EndsWith(".gguf", StringComparison.OrdinalIgnoreCase))
            throw new NotSupportedException($"'{full}' is a GGUF file; the managed engine serves Hugging Face folders (config.json + model.safetensors). GGUF needs the llama.cpp backend.");
        if (!Directory.Exists(full))
            throw new ArgumentException($"--model '{full}' is not a folder (expected a Hugging Face folder with config.json and model.safetensors)");
        var model = CausalLM.Load(full);
        var tokenizer = File.Exists(Path.Combine(full, "tokenizer.json")) ? Tokenizer.Load(full) : null;
        return new ServedModel(servedName ?? new DirectoryInfo(full).Name, model, tokenizer);
    }

    public Tokenizer RequireTokenizer(string what) => Tokenizer
        ?? throw ApiException.BadRequest($"{what} needs a tokenizer, and the served folder has no tokenizer.json; send token ids instead");

    /// <summary>The token's text for logprob keys and echo; "token_id:N" when asked for ids or when there is no tokenizer.</summary>
    public string TokenText(int id, bool asIds) =>
        asIds || Tokenizer is null ? "token_id:" + id.ToString(System.Globalization.CultureInfo.InvariantCulture) : Tokenizer.Decode([id]);
}

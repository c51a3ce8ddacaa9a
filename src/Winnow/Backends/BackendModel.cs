using Winnow.Components;

namespace Winnow.Backends;

/// <summary>The model key of <see cref="BackendModelParams"/>, a group of its own so that it is listed first.</summary>
[Param("model", ParamType.Path, "Hugging Face model folder (config.json, safetensors, tokenizer.json) or a .gguf file; with backend http the folder of the served model's tokenizer.json", Required = true)]
public static class BackendModel;

using Winnow.Components;

namespace Winnow.Backends;

/// <summary>The parameters every in-process model component shares: the model folder and the token budget of a batch.</summary>
[Param("model", ParamType.Path, "Hugging Face model folder (config.json, safetensors, tokenizer.json)", Required = true)]
[Param("max_batch_tokens", ParamType.Int, "most tokens (padded) in one forward batch", Default = "8192", Min = 1)]
public static class ModelFolderParams;

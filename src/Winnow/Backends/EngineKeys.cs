using Winnow.Components;

namespace Winnow.Backends;

/// <summary>The keys that choose and tune the engine running a model (part of <see cref="BackendKeys"/>).</summary>
[Param("backend", ParamType.Choice, "engine that runs the model; auto: llama.cpp for a .gguf file, managed for a Hugging Face folder", Default = "auto", Values = ["auto", "managed", "llama.cpp", "http"])]
[Param("tokenizer", ParamType.Path, "tokenizer.json or its folder", DefaultDoc = "the one beside the model")]
[Param("precision", ParamType.Choice, "llama.cpp numerics: exact (F32 KV cache, no flash attention) or fast (the engine's defaults)", DefaultDoc = "exact for f32/f16 files, fast for quantised ones", Values = ["exact", "fast"])]
[Param("gpu_layers", ParamType.Int, "llama.cpp layers offloaded to the GPU", Default = "0", Min = 0)]
[Param("threads", ParamType.Int, "llama.cpp CPU threads", DefaultDoc = "one per core", Min = 1)]
public static class EngineKeys;

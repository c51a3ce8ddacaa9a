using Winnow.Components;

namespace Winnow.Backends;

/// <summary>The keys that choose and tune the engine running a model (part of <see cref="BackendKeys"/>).</summary>
[Param("backend", ParamType.Choice, "engine that runs the model; auto: llama.cpp for a .gguf file, managed for a Hugging Face folder", Default = "auto", Values = ["auto", "managed", "llama.cpp", "http"])]
[Param("tokenizer", ParamType.Path, "tokenizer.json or its folder", DefaultDoc = "the one beside the model")]
[Param("precision", ParamType.Choice, "llama.cpp numerics: exact (F32 KV cache, no flash attention) or fast (the engine's defaults)", DefaultDoc = "exact for f32/f16 files, fast for quantised ones", Values = ["exact", "fast"])]
[Param("weights", ParamType.Choice, "how the managed engine holds the weights: f32, or q8_0 (llama.cpp's Q8_0 blocks multiplied by 8-bit activations with int8 dot products, about a third of the memory; a q8_0 GGUF file is read as stored, a Hugging Face folder is quantised at load)", DefaultDoc = "as the model stores them; auto may pick q8_0 for a q8_0 GGUF file, or when float32 does not fit in memory", Values = ["f32", "q8_0"])]
[Param("gpu_layers", ParamType.Int, "llama.cpp layers offloaded to the GPU", Default = "0", Min = 0)]
[Param("threads", ParamType.Int, "llama.cpp CPU threads", DefaultDoc = "one per core", Min = 1)]
public static class EngineKeys;

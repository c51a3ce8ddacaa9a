using System.CommandLine;
using Winnow.Models.Gguf;

namespace Winnow.Cli.Commands;

/// <summary><c>winnow convert gguf</c>: writes a Hugging Face folder as a GGUF file for the llama.cpp backend.</summary>
public static class ConvertGgufCommand
{
    public static Command Create()
    {
        var folder = new Argument<string>("folder") { Description = "Hugging Face folder: config.json, model.safetensors (or shards), tokenizer.json." };
        var output = new Option<string>("--output", "-o") { Description = "The .gguf file to write.", Required = true };
        var type = new Option<string>("--type") { Description = "Weight type of the 2-D matrices: f32, f16, q8_0 or q4_0 (default f32).", DefaultValueFactory = _ => "f32" };
        var gguf = new Command("gguf", """
            Write a GGUF file (llama.cpp's format) from a Hugging Face folder: Llama, Mistral, Qwen2 or GPT-2, with the
            tokenizer (byte-level BPE or SentencePiece-style BPE). Norms and biases stay f32.
            Example:
              winnow convert gguf /models/llama-2-7b -o llama-2-7b.q8_0.gguf --type q8_0
            """) { folder, output, type };
        gguf.SetAction(parse =>
        {
            var target = Path.GetFullPath(parse.GetValue(output)!);
            var lines = GgufConverter.Convert(Path.GetFullPath(parse.GetValue(folder)!), target, GgufConverter.ParseType(parse.GetValue(type)!));
            var file = GgufFile.Read(target);
            foreach (var line in lines)
                parse.InvocationConfiguration.Output.WriteLine(line);
            parse.InvocationConfiguration.Output.WriteLine($"wrote {target}: {file.Tensors.Count} tensors, {new FileInfo(target).Length} bytes, quantisation {file.Quantisation}");
            return ExitCodes.Ok;
        });
        return gguf;
    }
}

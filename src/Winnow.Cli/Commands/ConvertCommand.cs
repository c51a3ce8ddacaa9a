using System.CommandLine;

namespace Winnow.Cli.Commands;

/// <summary><c>winnow convert</c>: datasets between layouts (<c>data</c>) and Hugging Face folders to GGUF (<c>gguf</c>).</summary>
public static class ConvertCommand
{
    public static Command Create() =>
        new("convert", "Convert datasets between JSON, JSONL, Parquet and Arrow ('convert data'), or a Hugging Face model folder to GGUF ('convert gguf').")
        {
            ConvertDataCommand.Create(),
            ConvertGgufCommand.Create(),
        };
}

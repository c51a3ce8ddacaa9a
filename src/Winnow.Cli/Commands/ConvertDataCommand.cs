using System.CommandLine;
using Winnow.Data;
using Winnow.Pipeline;

namespace Winnow.Cli.Commands;

/// <summary><c>winnow convert data</c>: copies a dataset (or a pool of files) into another layout.</summary>
public static class ConvertDataCommand
{
    public static Command Create()
    {
        var input = CommonOptions.Inputs();
        var output = new Option<string>("--output", "-o") { Description = "The converted file; its layout comes from the extension (.json, .jsonl, .parquet, .arrow, .feather; .gz for JSON) unless --to names it.", Required = true };
        var to = CommonOptions.To();
        var split = CommonOptions.Split();
        var maxRow = CommonOptions.MaxRowMegabytes();
        var onError = CommonOptions.OnError();
        var rejects = CommonOptions.Rejects();
        var data = new Command("data", """
            Convert a dataset between JSON, JSONL, Parquet and Arrow IPC (stream or file), row for row.
            Examples:
              winnow convert data train.jsonl -o train.parquet
              winnow convert data ./my-dataset --split train -o train.jsonl
              winnow convert data shards/*.parquet -o all.arrow --to arrow
              winnow convert data messy.jsonl -o clean.parquet --on-error skip
            A bad row (malformed JSON, not an object, over --max-row-mb, or a value that does not fit its column in a
            typed output) stops the conversion, or under --on-error skip is left out and written with its reason to
            the rejects file.
            """)
        {
            input, output, to, split, maxRow, onError, rejects,
        };
        data.SetAction((parse, cancellationToken) =>
        {
            var path = parse.GetValue(output)!;
            var layout = CommonOptions.Layout(parse.GetValue(to)) ?? RecordSinks.FromExtension(path)
                ?? throw new ArgumentException($"cannot tell the output layout from the name {path}; add --to json, jsonl, parquet, arrow or arrow-file");
            var read = CommonOptions.ReadOptions(DatasetFormat.Auto, parse.GetValue(maxRow));
            var pool = DatasetPool.Resolve(parse.GetValue(input)!, parse.GetValue(split), read);
            var result = DatasetConverter.Convert(pool, path, layout, read, parse.GetValue(onError), cancellationToken);
            var console = parse.InvocationConfiguration.Output;
            console.WriteLine($"wrote {result.Rows:N0} rows from {pool.Files.Count} file(s) → {path} ({layout})");
            if (result.Rejected.Count > 0)
            {
                var rejectsPath = parse.GetValue(rejects) ?? path + ".rejects.jsonl";
                RejectsFile.Write(rejectsPath, result.Rejected);
                console.WriteLine($"left out {result.Rejected.Count:N0} bad row(s), each with file, line and reason in {rejectsPath}");
            }
            return Task.FromResult(ExitCodes.Ok);
        });
        return data;
    }
}

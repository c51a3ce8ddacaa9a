using System.CommandLine;
using System.Text.Json;
using Winnow.Components;
using Winnow.Embedding;
using Winnow.Pipeline;

namespace Winnow.Cli.Commands;

/// <summary><c>winnow stats</c>: an overview of a dataset, optionally with set-level diversity metrics.</summary>
public static class StatsCommand
{
    public static Command Create()
    {
        var input = CommonOptions.Input();
        var diversity = new Option<bool>("--diversity") { Description = "Also report diversity: entropy and Simpson over k-means clusters of hashed TF-IDF embeddings and over hashed n-grams, Vendi, k-NN distance, dispersion, clusters." };
        var json = new Option<bool>("--json") { Description = "Print the statistics as JSON." };
        var format = CommonOptions.Format();
        var onError = CommonOptions.OnError();
        var seed = CommonOptions.Seed();
        var maxRow = CommonOptions.MaxRowMegabytes();
        var allowEmpty = CommonOptions.AllowEmpty();
        var command = new Command("stats", """
            Size, turn structure, lengths, vocabulary, scripts (a language overview) and duplicates of a dataset.
            Examples:
              winnow stats data.json
              winnow stats data.jsonl.gz --diversity --json
            """)
        {
            input, diversity, json, format, onError, seed, maxRow, allowEmpty,
        };
        command.SetAction((parse, cancellationToken) =>
        {
            var path = parse.GetValue(input)!;
            var read = CommonOptions.ReadOptions(parse.GetValue(format), parse.GetValue(maxRow), parse.GetValue(allowEmpty));
            var policy = parse.GetValue(onError);
            var (scan, stats, metrics) = ConsoleProgress.Run(progress =>
            {
                var scan = PoolScan.Run(path, read, policy, progress, cancellationToken);
                var stats = DatasetStats.Compute(scan.Rows(path, read), cancellationToken);
                IReadOnlyDictionary<string, double>? metrics = null;
                if (parse.GetValue(diversity))
                {
                    var embedder = Catalog.Embedders.Create(Declared.Name<HashedTfidfEmbedder>(), Parameters.Empty("embedder"));
                    var embeddings = SelectPipeline.Embed(embedder, () => scan.Rows(path, read), scan.UsableIndices.Count, 256, progress, cancellationToken);
                    var measured = new SortedDictionary<string, double>(SelectionDiversity.Measure(embeddings, Enumerable.Range(0, embeddings.Rows).ToArray(), parse.GetValue(seed)).ToDictionary(), StringComparer.Ordinal);
                    foreach (var (name, value) in NgramDiversity.Measure(scan.Rows(path, read), cancellationToken))
                        measured[name] = value;
                    metrics = measured;
                }
                return (scan, stats, metrics);
            });
            var output = parse.InvocationConfiguration.Output;
            if (parse.GetValue(json))
            {
                output.WriteLine(JsonSerializer.Serialize(new { file = path, bad_rows = scan.BadRows.Count, stats, diversity = metrics }, ReportJson.Options));
                return Task.FromResult(ExitCodes.Ok);
            }
            output.WriteLine(path);
            if (scan.BadRows.Count > 0)
                output.WriteLine($"  {"bad rows (skipped)",-32} {scan.BadRows.Count:N0}");
            foreach (var (name, value) in stats.Describe())
                output.WriteLine($"  {name,-32} {value}");
            if (metrics is not null)
            {
                output.WriteLine("diversity (clusters and geometry of hashed TF-IDF embeddings; hashed word n-grams)");
                foreach (var (name, value) in metrics)
                    output.WriteLine($"  {name,-32} {value:G5}");
            }
            return Task.FromResult(ExitCodes.Ok);
        });
        return command;
    }
}

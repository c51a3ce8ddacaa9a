using System.CommandLine;
using Winnow.Pipeline;
using Winnow.Scoring;

namespace Winnow.Cli.Commands;

/// <summary><c>winnow score</c>: runs scorers into a resumable, shardable score file.</summary>
public static class ScoreCommand
{
    public static Command Create()
    {
        var input = CommonOptions.Input();
        var scorerNames = new Option<string[]>("--scorer", "-s") { Description = "Scorer registry name (see 'winnow list'); repeat for several.", Required = true };
        var scorerParams = CommonOptions.Params("--param", "Scorer parameter (only with a single --scorer).");
        var servers = new Option<string[]>("--server") { Description = "Run the scorer's model on this OpenAI-compatible server (vLLM, winnow serve): sets backend=http; repeat for replicas.", DefaultValueFactory = _ => [] };
        var output = new Option<string>("--output", "-o") { Description = "Score file (JSONL). Re-running resumes it; rows already scored are skipped.", Required = true };
        var shard = new Option<string?>("--shard") { Description = "Score only shard i of N (i/N, 0-based). Default: from SLURM_ARRAY_TASK_ID/SLURM_ARRAY_TASK_COUNT or JOB_COMPLETION_INDEX + --shard-count." };
        var shardCount = new Option<int?>("--shard-count") { Description = "Number of shards when the index comes from the environment (needed for Kubernetes Indexed Jobs)." };
        var batchSize = new Option<int>("--batch-size") { Description = "Rows per scoring batch.", DefaultValueFactory = _ => 256 };
        var format = CommonOptions.Format();
        var onError = CommonOptions.OnError();
        var rejects = CommonOptions.Rejects();
        var maxRow = CommonOptions.MaxRowMegabytes();
        var allowEmpty = CommonOptions.AllowEmpty();
        var command = new Command("score", """
            Score every row into a sidecar score file (one JSON line per row per scorer, value or error, with provenance).
            Examples:
              winnow score data.jsonl --scorer lexical -o scores.jsonl
              winnow score data.jsonl -s ngram-lm --param order=4 -o scores.jsonl --shard 2/8
              winnow score data.jsonl -s ifd --param model=/models/llama-2-7b --server http://gpu1:8000 --server http://gpu2:8000 -o ifd.jsonl
              winnow merge scores.jsonl --shards 8
            """)
        {
            input, scorerNames, scorerParams, servers, output, shard, shardCount, batchSize, format, onError, rejects, maxRow, allowEmpty,
        };
        command.SetAction((parse, cancellationToken) =>
        {
            var names = parse.GetValue(scorerNames)!;
            var parameters = CommonOptions.ParseKeyValues("--param", parse.GetValue(scorerParams)!);
            var serverUrls = parse.GetValue(servers)!;
            if (serverUrls.Length > 0)
            {
                if (names.Length > 1)
                    throw new ArgumentException("--server needs exactly one --scorer (the servers serve that scorer's model)");
                if (!parameters.TryAdd("server", string.Join(",", serverUrls)))
                    throw new ArgumentException("give the servers either with --server or with --param server=…, not both");
                parameters.TryAdd("backend", "http");
            }
            if (parameters.Count > 0 && names.Length > 1)
                throw new ArgumentException("--param needs exactly one --scorer, so that every parameter is known to belong to it");
            var scorers = names.Select(n => Catalog.Scorers.Create(n, new Parameters(parameters, $"scorer '{n}'"))).ToList();
            var path = parse.GetValue(input)!;
            var read = CommonOptions.ReadOptions(parse.GetValue(format), parse.GetValue(maxRow), parse.GetValue(allowEmpty));
            var shardSpec = ShardSpec.Resolve(parse.GetValue(shard), parse.GetValue(shardCount), Environment.GetEnvironmentVariable);
            var scoreOutput = parse.GetValue(output)!;
            var rejectsPath = parse.GetValue(rejects) ?? ShardFiles.ScorePath(scoreOutput, shardSpec) + ".rejects.jsonl";
            var batch = CommonOptions.AtLeastOne(parse.GetValue(batchSize), "--batch-size");
            using var runLock = RunLock.Acquire(ShardFiles.ScorePath(scoreOutput, shardSpec));
            // The score file is about to change: a marker from an earlier run must not vouch for it meanwhile.
            File.Delete(ShardFiles.MarkerPath(scoreOutput, shardSpec));
            var summaries = ConsoleProgress.Run(progress =>
            {
                var scan = PoolScan.Run(path, read, parse.GetValue(onError), progress, cancellationToken);
                if (scan.BadRows.Count > 0)
                    RejectsFile.Write(rejectsPath, scan.BadRows);
                var total = scan.UsableIndices.Count(i => shardSpec.Owns(i));
                var withTotal = new KnownTotalProgress(progress, total);
                // Needed by a shard's marker and by pool-fitted scorers' run records only: hashing every id costs a pass over them.
                var fingerprint = shardSpec.IsWhole && !scorers.Any(s => s is IPoolFittedScorer) ? null : PoolFingerprint.Of(scan.UsableIds);
                var runs = scorers.Select(s => ScoreRunner.ScoreOnly(s, () => scan.Rows(path, read), scoreOutput, shardSpec, batch, withTotal, cancellationToken, fingerprint)).ToList();
                ShardFiles.WriteMarker(ShardFiles.MarkerPath(scoreOutput, shardSpec), shardSpec, total, runs.Sum(r => r.Failed), shardSpec.IsWhole ? null : fingerprint);
                return (scan, runs);
            });
            var writer = parse.InvocationConfiguration.Output;
            if (summaries.scan.BadRows.Count > 0)
                writer.WriteLine($"{summaries.scan.BadRows.Count:N0} bad rows skipped → {rejectsPath}");
            foreach (var s in summaries.Item2)
                writer.WriteLine($"{s.Scorer}: {s.Scored:N0} scored, {s.AlreadyDone:N0} already done{(s.FitSkipped ? ScoreRunSummary.FitSkippedNote : "")}, {s.Failed:N0} failed → {s.ScorePath}");
            return Task.FromResult(ExitCodes.Ok);
        });
        return command;
    }
}

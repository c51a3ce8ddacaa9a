using System.CommandLine;
using Winnow.Pipeline;

namespace Winnow.Cli.Commands;

/// <summary><c>winnow merge</c>: joins the score files of a sharded <c>winnow score</c> or <c>select --shard</c> run, or its embeddings (<c>.f16</c>).</summary>
public static class MergeCommand
{
    public static Command Create()
    {
        var scores = new Argument<string>("path") { Description = "The score file path the shards were given (shard files sit beside it as <name>.shard-i-of-N.jsonl), or the --embeddings path of 'select --shard' (<name>.shard-i-of-N.f16)." };
        var shards = new Option<int>("--shards") { Description = "Number of shards N of the run.", Required = true };
        var command = new Command("merge", """
            Join the score files (or, for a .f16 path, the embeddings) of a sharded run into one, in row order, after
            checking every shard finished and that all shards read the same pool with the same settings.
            Examples:
              winnow score data.jsonl --scorer lexical -o scores.jsonl --shard 0/4   (… and 1/4, 2/4, 3/4)
              winnow merge scores.jsonl --shards 4
              winnow select data.jsonl -n 1000 -o out.jsonl --embeddings pool.f16 --shard 0/4   (… and 1/4, 2/4, 3/4)
              winnow merge out.jsonl.scores.jsonl --shards 4
              winnow merge pool.f16 --shards 4
            """) { scores, shards };
        command.SetAction(parse =>
        {
            var output = parse.GetValue(scores)!;
            var count = parse.GetValue(shards);
            if (count < 1)
                throw new ArgumentException($"--shards is {count}, expected at least 1");
            var embeddings = output.EndsWith(".f16", StringComparison.Ordinal);
            var missing = embeddings ? EmbeddingShards.Merge(output, count) : ShardFiles.Merge(output, count);
            if (missing.Count > 0)
            {
                parse.InvocationConfiguration.Error.WriteLine(
                    $"winnow: {missing.Count} of {count} shards are missing or unfinished: {string.Join(", ", missing.Select(i => $"{i}/{count}"))}; " +
                    $"their completion markers ({Path.GetFileName(ShardFiles.MarkerPath(output, new ShardSpec(missing[0], count)))} …) are absent. Re-run those shards, then merge again.");
                return ExitCodes.RuntimeError;
            }
            parse.InvocationConfiguration.Output.WriteLine($"merged {count} shards into {output}");
            return ExitCodes.Ok;
        });
        return command;
    }
}

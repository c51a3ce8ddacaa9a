using System.CommandLine;
using Winnow.Pipeline;

namespace Winnow.Cli.Commands;

/// <summary><c>winnow merge</c>: joins the score files of a sharded <c>winnow score</c> run.</summary>
public static class MergeCommand
{
    public static Command Create()
    {
        var scores = new Argument<string>("scores") { Description = "The -o path the shards were given (shard files sit beside it as <name>.shard-i-of-N.jsonl)." };
        var shards = new Option<int>("--shards") { Description = "Number of shards N of the run.", Required = true };
        var command = new Command("merge", """
            Join the score files of a sharded run into one, in row order, after checking every shard finished.
            Example:
              winnow score data.jsonl --scorer lexical -o scores.jsonl --shard 0/4   (… and 1/4, 2/4, 3/4)
              winnow merge scores.jsonl --shards 4
            """) { scores, shards };
        command.SetAction(parse =>
        {
            var output = parse.GetValue(scores)!;
            var count = parse.GetValue(shards);
            if (count < 1)
                throw new ArgumentException($"--shards is {count}, expected at least 1");
            var missing = ShardFiles.Merge(output, count);
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

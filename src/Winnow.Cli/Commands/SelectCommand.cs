using System.CommandLine;
using Winnow.Pipeline.Cost;

namespace Winnow.Cli.Commands;

/// <summary><c>winnow select</c>: scores, embeds and selects a subset with a recipe (the built-in default when none is given).</summary>
public static class SelectCommand
{
    public static Command Create()
    {
        var arguments = new SelectArguments();
        var dryRun = new Option<bool>("--dry-run") { Description = "Check the whole recipe (names, parameters, columns, models, paths), print the plan with its cost estimate (as 'winnow plan') and exit; writes nothing." };
        var report = new Option<string?>("--report") { Description = "Also write the run's HTML report here (one self-contained file; same as 'winnow report <output>')." };
        var command = new Command("select", """
            Select the best rows: filter, score (resumable), embed, then choose with the recipe's selector.
            Writes <output>, <output>.scores.jsonl, <output>.decisions.jsonl (every row with its reason), <output>.report.json,
            <output>.run.json (time and memory per step) and, when the recipe embeds, <output>.embeddings.f16 (for reports).
            Re-running the same command resumes: rows already scored are read from the score file, and each pool-calibrated
            filter (near-dedup, response-fit, ...) whose settings and input rows are unchanged is loaded from its checkpoint in
            <output>.filters/, which is kept after the run (so another budget or selector skips the filters) and always safe to delete.
            Examples:
              winnow select data.json --budget 1000 -o subset.json
              winnow select data.jsonl.gz -n 5000 -o subset.jsonl --on-error skip --seed 7
              winnow select data.json -n 1000 -o subset.json --recipe recipes/superfiltering.yaml --var model=/models/gpt2
              winnow select data.json -n 1000 -o subset.json --recipe recipes/cherry.yaml --var model=/models/gpt2 --set scorers.ifd.max_length=256 --dry-run
              winnow select alpaca.json gsm8k.json roleplay.json -n 5% -o mix.jsonl --to jsonl
              winnow select ./my-dataset --split train -n 2000 -o subset.parquet
              winnow select qa.jsonl --map instruction=question,output=answer -n 500 -o subset.jsonl
              winnow select data.json -n 1000 -o subset.json --report report.html
              winnow select data.jsonl -n 1% -o out/subset.jsonl --embeddings out/pool.f16 --shard 2/8   (each of 0/8 … 7/8, e.g. a job array)
              winnow merge out/subset.jsonl.scores.jsonl --shards 8; winnow merge out/pool.f16 --shards 8
              winnow select data.jsonl -n 1% -o out/subset.jsonl --embeddings out/pool.f16   (selects what the unsharded run selects)
            """);
        arguments.AddTo(command);
        command.Add(dryRun);
        command.Add(report);
        command.SetAction((parse, cancellationToken) =>
        {
            var plan = arguments.Compile(parse);
            if (parse.GetValue(dryRun))
            {
                PlanPrinter.Print(parse.InvocationConfiguration.Output, plan, CostEstimator.Estimate(plan, new CostSettings(), CostEstimator.SinceProcessStart(), cancellationToken));
                return Task.FromResult(ExitCodes.Ok);
            }
            if (!plan.Options.Shard.IsWhole)
            {
                var prepared = ConsoleProgress.Run(progress => plan.RunShard(progress, cancellationToken));
                SelectRunner.PrintShardSummary(parse.InvocationConfiguration.Output, prepared);
                return Task.FromResult(ExitCodes.Ok);
            }
            var summary = SelectRunner.Run(plan, cancellationToken);
            var html = parse.GetValue(report);
            if (html is not null)
                SelectRunner.WriteHtmlReport(plan.Options, html, cancellationToken);
            SelectRunner.PrintSummary(parse.InvocationConfiguration.Output, plan.Options, summary, html);
            return Task.FromResult(ExitCodes.Ok);
        });
        return command;
    }
}

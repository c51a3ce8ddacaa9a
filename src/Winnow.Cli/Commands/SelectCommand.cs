using System.CommandLine;
using Winnow.Components;
using Winnow.Filters;
using Winnow.Pipeline;

namespace Winnow.Cli.Commands;

/// <summary><c>winnow select</c>: scores, embeds and selects a subset with a recipe (the built-in default when none is given).</summary>
public static class SelectCommand
{
    public static Command Create()
    {
        var input = CommonOptions.Inputs();
        var output = new Option<string>("--output", "-o") { Description = "Where the selected rows go, in the input's own schema (.gz compresses).", Required = true };
        var budget = new Option<string>("--budget", "-n") { Description = "Rows to select (at most): a count (1000), a share of the usable pool (5%), or all (the selector's own rule decides).", Required = true };
        var split = CommonOptions.Split();
        var map = CommonOptions.Map();
        var sourceField = CommonOptions.SourceField();
        var to = CommonOptions.To();
        var recipe = new Option<string?>("--recipe") { Description = "YAML recipe (see recipes/); default: the built-in model-free default (hashed TF-IDF + k-means + CaR rule)." };
        var selector = new Option<string?>("--selector") { Description = "Use this selector instead of the recipe's (see 'winnow list')." };
        var selectorParams = CommonOptions.Params("--selector-param", "Selector parameter, overriding the recipe's.");
        var variables = CommonOptions.Params("--var", "Value for a ${name} placeholder in the recipe (e.g. --var model=/models/gpt2).");
        var set = CommonOptions.Params("--set", "Override a component parameter: scorers.NAME.KEY=VALUE, embedder.KEY=VALUE or selector.KEY=VALUE (e.g. --set scorers.ifd.max_length=256).");
        var dryRun = new Option<bool>("--dry-run") { Description = "Check the whole recipe (names, parameters, columns, models, paths), print the plan and exit without reading a row." };
        var scores = new Option<string?>("--scores") { Description = "Score file to reuse and extend (default: <output>.scores.jsonl). Re-running resumes from it." };
        var keepDuplicates = new Option<bool>("--keep-duplicates") { Description = "Do not set aside exact copies of earlier rows before scoring." };
        var batchSize = new Option<int>("--batch-size") { Description = "Rows per scoring batch.", DefaultValueFactory = _ => 256 };
        var format = CommonOptions.Format();
        var onError = CommonOptions.OnError();
        var rejects = CommonOptions.Rejects();
        var seed = CommonOptions.Seed();
        var maxRow = CommonOptions.MaxRowMegabytes();
        var allowEmpty = CommonOptions.AllowEmpty();
        var report = new Option<string?>("--report") { Description = "Also write the run's HTML report here (one self-contained file; same as 'winnow report <output>')." };
        var command = new Command("select", """
            Select the best rows: score (resumable), embed, then choose with the recipe's selector.
            Writes <output>, <output>.scores.jsonl, <output>.decisions.jsonl (every row with its reason), <output>.report.json,
            <output>.run.json (time and memory per step) and, when the recipe embeds, <output>.embeddings.f16 (for reports).
            Examples:
              winnow select data.json --budget 1000 -o subset.json
              winnow select data.jsonl.gz -n 5000 -o subset.jsonl --on-error skip --seed 7
              winnow select data.json -n 1000 -o subset.json --recipe recipes/superfiltering.yaml --var model=/models/gpt2
              winnow select data.json -n 1000 -o subset.json --recipe recipes/cherry.yaml --var model=/models/gpt2 --set scorers.ifd.max_length=256 --dry-run
              winnow select alpaca.json gsm8k.json roleplay.json -n 5% -o mix.jsonl --to jsonl
              winnow select ./my-dataset --split train -n 2000 -o subset.parquet
              winnow select qa.jsonl --map instruction=question,output=answer -n 500 -o subset.jsonl
              winnow select data.json -n 1000 -o subset.json --report report.html
            """)
        {
            input, output, budget, recipe, variables, set, dryRun, selector, selectorParams, scores, keepDuplicates, batchSize, format, onError, rejects, seed, maxRow, allowEmpty,
            split, map, sourceField, to, report,
        };
        command.SetAction((parse, cancellationToken) =>
        {
            var loaded = parse.GetValue(recipe) is { } path ? Recipe.Load(path) : Catalog.DefaultRecipe();
            loaded.Substitute(CommonOptions.ParseKeyValues("--var", parse.GetValue(variables)!));
            if (parse.GetValue(selector) is { } selectorName)
                loaded.Selector = new ComponentSpec { Name = selectorName };
            foreach (var (key, value) in CommonOptions.ParseKeyValues("--selector-param", parse.GetValue(selectorParams)!))
                loaded.Selector.Params[key] = value;
            foreach (var (key, value) in CommonOptions.ParseKeyValues("--set", parse.GetValue(set)!))
                loaded.Set(key, value);
            if (parse.GetValue(keepDuplicates))
                loaded.Filters.RemoveAll(f => f.Name == Declared.Name<ExactDedupFilter>());
            var options = new SelectOptions
            {
                Input = parse.GetValue(input)![0],
                Inputs = parse.GetValue(input),
                Split = parse.GetValue(split),
                To = CommonOptions.Layout(parse.GetValue(to)),
                Output = parse.GetValue(output)!,
                Budget = Budget.Parse(parse.GetValue(budget)!),
                Read = CommonOptions.ReadOptions(parse.GetValue(format), parse.GetValue(maxRow), parse.GetValue(map)!, parse.GetValue(sourceField), parse.GetValue(allowEmpty)),
                OnError = parse.GetValue(onError),
                RejectsPath = parse.GetValue(rejects),
                ScoresPath = parse.GetValue(scores),
                Seed = parse.GetValue(seed),
                BatchSize = CommonOptions.AtLeastOne(parse.GetValue(batchSize), "--batch-size"),
            };
            var plan = RunPlan.Compile(loaded, options);
            if (parse.GetValue(dryRun))
            {
                foreach (var line in plan.Describe())
                    parse.InvocationConfiguration.Output.WriteLine(line);
                return Task.FromResult(ExitCodes.Ok);
            }
            var summary = SelectRunner.Run(plan, cancellationToken);
            var html = parse.GetValue(report);
            if (html is not null)
                SelectRunner.WriteHtmlReport(options, html, cancellationToken);
            SelectRunner.PrintSummary(parse.InvocationConfiguration.Output, options, summary, html);
            return Task.FromResult(ExitCodes.Ok);
        });
        return command;
    }
}

using System.CommandLine;
using Winnow.Components;
using Winnow.Data;
using Winnow.Filters;
using Winnow.Pipeline;

namespace Winnow.Cli.Commands;

/// <summary>
/// The arguments of a selection run, shared by <c>select</c> and <c>plan</c> so that a plan is made for exactly the run
/// the same command line would start: input, output, budget, recipe and its overrides, read and error options.
/// </summary>
public sealed class SelectArguments
{
    private readonly Argument<string[]> _input = CommonOptions.Inputs();
    private readonly Option<string> _output = new("--output", "-o") { Description = "Where the selected rows go, in the input's own schema (.gz compresses).", Required = true };
    private readonly Option<string> _budget = new("--budget", "-n") { Description = "Rows to select (at most): a count (1000), a share of the usable pool (5%), or all (the selector's own rule decides).", Required = true };
    private readonly Option<string?> _split = CommonOptions.Split();
    private readonly Option<string[]> _map = CommonOptions.Map();
    private readonly Option<string?> _sourceField = CommonOptions.SourceField();
    private readonly Option<string?> _to = CommonOptions.To();
    private readonly Option<string?> _recipe = new("--recipe") { Description = "YAML recipe (see recipes/); default: the built-in model-free default (hashed TF-IDF + k-means + CaR rule)." };
    private readonly Option<string?> _selector = new("--selector") { Description = "Use this selector instead of the recipe's (see 'winnow list')." };
    private readonly Option<string[]> _selectorParams = CommonOptions.Params("--selector-param", "Selector parameter, overriding the recipe's.");
    private readonly Option<string[]> _variables = CommonOptions.Params("--var", "Value for a ${name} placeholder in the recipe (e.g. --var model=/models/gpt2).");
    private readonly Option<string[]> _set = CommonOptions.Params("--set", "Override a component parameter: scorers.NAME.KEY=VALUE, embedder.KEY=VALUE or selector.KEY=VALUE (e.g. --set scorers.ifd.max_length=256).");
    private readonly Option<string?> _scores = new("--scores") { Description = "Score file to reuse and extend (default: <output>.scores.jsonl). Re-running resumes from it." };
    private readonly Option<string?> _shard = new("--shard") { Description = "Prepare shard i of N (i/N, 0-based) of this run: read and filter the whole pool, score and embed only the shard's rows, select nothing. Default: from SLURM_ARRAY_TASK_ID/SLURM_ARRAY_TASK_COUNT or JOB_COMPLETION_INDEX + --shard-count." };
    private readonly Option<int?> _shardCount = new("--shard-count") { Description = "Number of shards when the index comes from the environment (needed for Kubernetes Indexed Jobs)." };
    private readonly Option<string?> _embeddings = new("--embeddings") { Description = "Embeddings of a sharded run (.f16): with --shard, this shard's part goes beside it; without, the merged file is reused instead of embedding (checked to be made for this pool and embedder)." };
    private readonly Option<bool> _keepDuplicates = new("--keep-duplicates") { Description = "Do not set aside exact copies of earlier rows before scoring." };
    private readonly Option<int> _batchSize = new("--batch-size") { Description = "Rows per scoring batch.", DefaultValueFactory = _ => 256 };
    private readonly Option<DatasetFormat> _format = CommonOptions.Format();
    private readonly Option<OnErrorPolicy> _onError = CommonOptions.OnError();
    private readonly Option<string?> _rejects = CommonOptions.Rejects();
    private readonly Option<int> _seed = CommonOptions.Seed();
    private readonly Option<int> _maxRow = CommonOptions.MaxRowMegabytes();
    private readonly Option<bool> _allowEmpty = CommonOptions.AllowEmpty();

    /// <summary>Adds every option to <paramref name="command"/>.</summary>
    public void AddTo(Command command)
    {
        command.Add(_input);
        foreach (var option in new Option[]
                 {
                     _output, _budget, _recipe, _variables, _set, _selector, _selectorParams, _scores, _shard, _shardCount, _embeddings, _keepDuplicates, _batchSize, _format, _onError,
                     _rejects, _seed, _maxRow, _allowEmpty, _split, _map, _sourceField, _to,
                 })
            command.Add(option);
    }

    /// <summary>Loads the recipe, applies the overrides and compiles the plan (models are loaded; no row is read).</summary>
    public RunPlan Compile(ParseResult parse)
    {
        var loaded = parse.GetValue(_recipe) is { } path ? Recipe.Load(path) : Catalog.DefaultRecipe();
        loaded.Substitute(CommonOptions.ParseKeyValues("--var", parse.GetValue(_variables)!));
        if (parse.GetValue(_selector) is { } selectorName)
            loaded.Selector = new ComponentSpec { Name = selectorName };
        foreach (var (key, value) in CommonOptions.ParseKeyValues("--selector-param", parse.GetValue(_selectorParams)!))
            loaded.Selector.Params[key] = value;
        foreach (var (key, value) in CommonOptions.ParseKeyValues("--set", parse.GetValue(_set)!))
            loaded.Set(key, value);
        if (parse.GetValue(_keepDuplicates))
            loaded.Filters.RemoveAll(f => f.Name == Declared.Name<ExactDedupFilter>());
        var options = new SelectOptions
        {
            Input = parse.GetValue(_input)![0],
            Inputs = parse.GetValue(_input),
            Split = parse.GetValue(_split),
            To = CommonOptions.Layout(parse.GetValue(_to)),
            Output = parse.GetValue(_output)!,
            Budget = Budget.Parse(parse.GetValue(_budget)!),
            Read = CommonOptions.ReadOptions(parse.GetValue(_format), parse.GetValue(_maxRow), parse.GetValue(_map)!, parse.GetValue(_sourceField), parse.GetValue(_allowEmpty)),
            OnError = parse.GetValue(_onError),
            RejectsPath = parse.GetValue(_rejects),
            ScoresPath = parse.GetValue(_scores),
            Seed = parse.GetValue(_seed),
            Shard = ShardSpec.Resolve(parse.GetValue(_shard), parse.GetValue(_shardCount), Environment.GetEnvironmentVariable),
            Embeddings = parse.GetValue(_embeddings),
            BatchSize = CommonOptions.AtLeastOne(parse.GetValue(_batchSize), "--batch-size"),
        };
        return RunPlan.Compile(loaded, options);
    }
}

using Winnow.Components;
using Winnow.Embedding;
using Winnow.Filters;
using Winnow.Scoring;
using Winnow.Selection;

namespace Winnow.Pipeline;

/// <summary>
/// A recipe compiled against the component declarations and checked as a whole before any row is read: every name
/// is known, every parameter fits its declaration, every model the components name is loaded, every score column the
/// selector reads is written by one of the recipe's scorers (or may come from a given score file), the embedder is
/// there when the selector needs embeddings, and the output is not the input. <c>select</c>, <c>demo</c> and library
/// users run the same object; <see cref="Describe"/> is what <c>select --dry-run</c> prints.
/// </summary>
public sealed class RunPlan
{
    private RunPlan(SelectOptions options, Recipe recipe, IReadOnlyList<IRowFilter> filters, IReadOnlyList<IScorer> scorers, IEmbedder? embedder, ISelector selector)
    {
        Options = options;
        Recipe = recipe;
        Filters = filters;
        Scorers = scorers;
        Embedder = embedder;
        Selector = selector;
    }

    public SelectOptions Options { get; }

    public Recipe Recipe { get; }

    public IReadOnlyList<IRowFilter> Filters { get; }

    public IReadOnlyList<IScorer> Scorers { get; }

    public IEmbedder? Embedder { get; }

    public ISelector Selector { get; }

    /// <summary>Checks <paramref name="recipe"/> with <paramref name="options"/> and builds its components; every recipe error names the recipe file, line and key.</summary>
    public static RunPlan Compile(Recipe recipe, SelectOptions options)
    {
        CheckPaths(options, recipe.Source);
        var filterInfos = recipe.Filters.Select((f, i) => Lookup(Catalog.Filters, f, recipe, $"filters.{i}")).ToList();
        for (var i = 0; i < recipe.Filters.Count; i++)
        {
            if (recipe.Filters.FindIndex(f => f.Name == recipe.Filters[i].Name) < i)
                throw new ArgumentException($"{recipe.Where($"filters.{i}.name")}: filter '{recipe.Filters[i].Name}' is listed twice");
            Bind(filterInfos[i], recipe.Filters[i], recipe, $"filters.{i}");
        }
        var scorerInfos = recipe.Scorers.Select((s, i) => Lookup(Catalog.Scorers, s, recipe, $"scorers.{i}")).ToList();
        for (var i = 0; i < recipe.Scorers.Count; i++)
        {
            if (recipe.Scorers.FindIndex(s => s.Name == recipe.Scorers[i].Name) < i)
                throw new ArgumentException($"{recipe.Where($"scorers.{i}.name")}: scorer '{recipe.Scorers[i].Name}' is listed twice; its columns would be ambiguous");
            Bind(scorerInfos[i], recipe.Scorers[i], recipe, $"scorers.{i}");
        }
        var embedderInfo = recipe.Embedder is { } e ? Lookup(Catalog.Embedders, e, recipe, "embedder") : null;
        if (recipe.Embedder is { } embedderSpec && embedderInfo is not null)
            Bind(embedderInfo, embedderSpec, recipe, "embedder");
        var selectorInfo = Lookup(Catalog.Selectors, recipe.Selector, recipe, "selector");
        var selectorParams = Bind(selectorInfo, recipe.Selector, recipe, "selector");
        if (selectorInfo.Needs.Embeddings && embedderInfo is null)
            throw new ArgumentException($"{recipe.Where("selector.name")}: selector '{selectorInfo.Name}' needs embeddings but the recipe has no embedder (add e.g. embedder: {{name: {Declared.Name<HashedTfidfEmbedder>()}}})");
        var produced = scorerInfos.SelectMany(s => s.Produces.Select(f => s.Name + "." + f)).ToHashSet(StringComparer.Ordinal);
        foreach (var key in selectorInfo.Needs.ColumnParams)
        {
            var column = selectorParams.GetOptionalString(key);
            if (column is null || produced.Contains(column) || options.ScoresPath is not null)
                continue;
            var where = recipe.Selector.Params.ContainsKey(key) ? recipe.Where($"selector.params.{key}") : recipe.Where("selector.name");
            throw new ArgumentException($"{where}: selector '{selectorInfo.Name}' reads column '{column}' (parameter '{key}'), which no scorer of the recipe writes; "
                + (produced.Count == 0 ? "the recipe has no scorers" : $"its scorers write {string.Join(", ", produced.Order(StringComparer.Ordinal))}"));
        }
        // Only now, with names, parameters and columns known to fit, are models loaded (the expensive checks).
        var filters = recipe.Filters.Select((spec, i) => Build<IRowFilter>(filterInfos[i], spec, recipe, $"filters.{i}")).ToList();
        var scorers = recipe.Scorers.Select((spec, i) => Build<IScorer>(scorerInfos[i], spec, recipe, $"scorers.{i}")).ToList();
        var embedder = recipe.Embedder is { } spec && embedderInfo is not null ? Build<IEmbedder>(embedderInfo, spec, recipe, "embedder") : null;
        var selector = Build<ISelector>(selectorInfo, recipe.Selector, recipe, "selector");
        return new RunPlan(options, recipe, filters, scorers, embedder, selector);
    }

    /// <summary>
    /// New instances of the recipe's filters, as the plan built them (filters keep state while they run, e.g. the rows
    /// deduplication has seen, so a dry run that exercises them must not use the plan's own).
    /// </summary>
    public IReadOnlyList<IRowFilter> NewFilters() =>
        Recipe.Filters.Select(spec => (IRowFilter)Catalog.Filters.Info(spec.Name).Create(spec.Params)).ToList();

    /// <summary>Runs the plan: read (with the leading filters), the other filters, score, embed, select, write, report; the run log keeps <see cref="Describe"/>.</summary>
    public SelectSummary Run(IProgress<StageProgress>? progress, CancellationToken cancellationToken) =>
        SelectPipeline.Run(Options, Filters, Scorers, Embedder, Selector, Recipe.SourceFloor, progress, cancellationToken, Describe());

    /// <summary>Prepares this run's shard (<see cref="SelectOptions.Shard"/>): read and filter the pool, score and embed the shard's rows.</summary>
    public ShardSummary RunShard(IProgress<StageProgress>? progress, CancellationToken cancellationToken) =>
        ShardedSelect.Prepare(Options, Filters, Scorers, Embedder, progress, cancellationToken);

    /// <summary>The steps in order, one line each with what it reads and writes: what <c>select --dry-run</c> and <c>winnow plan</c> print and the run log keeps.</summary>
    public IReadOnlyList<string> Describe() => Steps().Select(s => s.Text).ToList();

    /// <summary>The steps in order with what each reads and writes; recipe parameters are shown beside the component they set.</summary>
    public IReadOnlyList<PlanStep> Steps()
    {
        var inputs = Options.Inputs is { Count: > 0 } all ? string.Join(", ", all) : Options.Input;
        var steps = new List<PlanStep> { new(PlanStepKind.Read, "", $"read {inputs}: every row, validated (--on-error {Options.OnError.ToString().ToLowerInvariant()})") };
        foreach (var (filter, spec) in Filters.Zip(Recipe.Filters))
            steps.Add(new PlanStep(PlanStepKind.Filter, filter.Name, $"filter {Named(spec)}: {filter.Describe()} (code {filter.Code})"));
        foreach (var (scorer, spec) in Scorers.Zip(Recipe.Scorers))
            steps.Add(new PlanStep(PlanStepKind.Score, scorer.Name, $"score {Named(spec)}: reads {Reads(scorer.Name, Catalog.Scorers)}; writes {string.Join(", ", scorer.Fields.Select(f => scorer.Name + "." + f))} → {Options.EffectiveScoresPath}"));
        if (Embedder is not null && Recipe.Embedder is { } embedderSpec)
            steps.Add(new PlanStep(PlanStepKind.Embed, Embedder.Name, $"embed {Named(embedderSpec)}: reads {Reads(Embedder.Name, Catalog.Embedders)}; writes {Embedder.Dim}-d float16 embeddings → {Options.EmbeddingsPath} (memory-mapped)"));
        var columnParams = Catalog.Selectors.Info(Selector.Name).Needs.ColumnParams;
        var columns = columnParams
            .Select(k => Recipe.Selector.Params.GetValueOrDefault(k) ?? Catalog.Selectors.Info(Selector.Name).Param(k)?.Default)
            .OfType<string>().ToList();
        var reads = columns.Select(c => "column " + c).Concat(Catalog.Selectors.Info(Selector.Name).Needs.Embeddings ? ["embeddings"] : []).ToList();
        steps.Add(new PlanStep(PlanStepKind.Select, Selector.Name, $"select {Named(Recipe.Selector, columnParams)}: reads {(reads.Count == 0 ? "the pool" : string.Join(", ", reads))}; chooses {Chooses(Options.Budget)}"));
        if (Recipe.SourceFloor is { } floor)
            steps.Add(new PlanStep(PlanStepKind.Select, Selection.SourceFloor.Reason, $"{Selection.SourceFloor.Reason}: every source of at least {floor.MinPoolShare:P0} of the pool keeps {floor.Fraction:0.###} of its usable share, taking its best rows by {floor.Column ?? Selector.Settings.GetValueOrDefault("column") ?? "pool order"} in place of the lowest-ranked surplus picks"));
        steps.Add(new PlanStep(PlanStepKind.Write, "", $"write: selection → {Options.Output}; decisions → {Options.DecisionsPath}; report → {Options.ReportPath}"));
        return steps;
    }

    /// <summary>A component with the parameters its recipe entry sets, e.g. <c>ifd (max_length=1024, variant=superfiltering)</c>, less those the line already shows.</summary>
    private static string Named(ComponentSpec spec, IReadOnlyCollection<string>? shown = null)
    {
        var set = spec.Params.Where(p => shown?.Contains(p.Key) != true).OrderBy(p => p.Key, StringComparer.Ordinal).ToList();
        return set.Count == 0 ? spec.Name : $"{spec.Name} ({string.Join(", ", set.Select(p => $"{p.Key}={p.Value}"))})";
    }

    private static string Chooses(Budget budget) => budget switch
    {
        { Rows: { } rows } => $"at most {rows:N0} rows",
        { Percent: { } percent } => $"at most {percent.ToString(System.Globalization.CultureInfo.InvariantCulture)}% of the usable rows",
        _ => "up to every usable row (the selector's own rule decides)",
    };

    private static string Reads<T>(string name, Registry<T> registry)
        where T : class
    {
        var needs = registry.Info(name).Needs;
        var text = needs.Text ?? (needs.TextParam is { } key ? $"the text chosen by '{key}'" : "the rows");
        return needs.ModelParams.Count == 0 ? text : $"{text} with a model ({needs.Backend})";
    }

    private static ComponentInfo Lookup<T>(Registry<T> registry, ComponentSpec spec, Recipe recipe, string path)
        where T : class
    {
        if (registry.Contains(spec.Name))
            return registry.Info(spec.Name);
        throw new ArgumentException($"{recipe.Where(path + ".name")}: unknown {registry.Kind} '{spec.Name}'; available: {string.Join(", ", registry.Components.Select(c => c.Name))}");
    }

    private static Parameters Bind(ComponentInfo info, ComponentSpec spec, Recipe recipe, string path)
    {
        try
        {
            return info.Bind(spec.Params);
        }
        catch (ArgumentException error) when (ComponentInfo.ParameterKey(error) is { } key)
        {
            throw new ArgumentException($"{recipe.Where($"{path}.params.{key}")}: {error.Message}", error);
        }
    }

    /// <summary>Builds a component; a usage error while loading what its parameters name (a model folder, a target file) points at the component's entry.</summary>
    private static T Build<T>(ComponentInfo info, ComponentSpec spec, Recipe recipe, string path)
    {
        try
        {
            return (T)info.Create(spec.Params);
        }
        // Only usage mistakes (a missing folder, a value the model cannot take) become errors at the recipe entry;
        // damaged files (I/O, format, JSON) keep their type, so the CLI reports them as runtime failures naming the file.
        catch (ArgumentException error)
        {
            var key = info.Needs.ModelParams.FirstOrDefault(spec.Params.ContainsKey);
            throw new ArgumentException($"{recipe.Where(key is null ? path + ".name" : $"{path}.params.{key}")}: {error.Message}", error);
        }
    }

    private static void CheckPaths(SelectOptions options, string source)
    {
        if (options.Budget.Rows is < 1)
            throw new ArgumentException($"--budget is {options.Budget}, expected at least 1 row");
        var input = Path.GetFullPath(options.Input);
        foreach (var (what, path) in new[] { ("--output", options.Output), ("the score file", options.EffectiveScoresPath), ("the decisions file", options.DecisionsPath), ("the report", options.ReportPath) })
        {
            if (string.Equals(Path.GetFullPath(path), input, StringComparison.Ordinal))
                throw new ArgumentException($"{source}: {what} '{path}' is the input file; choose another path (the input is never overwritten)");
        }
        var folder = Path.GetDirectoryName(Path.GetFullPath(options.Output))!;
        if (!Directory.Exists(folder))
            throw new ArgumentException($"--output '{options.Output}': folder '{folder}' does not exist");
    }
}

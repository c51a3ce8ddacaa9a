using Winnow.Data;

namespace Winnow.Pipeline;

/// <summary>Everything a selection run needs besides its components (scorers, embedder, selector).</summary>
public sealed record SelectOptions
{
    public required string Input { get; init; }

    /// <summary>Every input of the pool (files, globs, dataset folders); default: <see cref="Input"/> alone.</summary>
    public IReadOnlyList<string>? Inputs { get; init; }

    /// <summary>The split to read from a dataset folder input (<c>train</c>), when it holds several.</summary>
    public string? Split { get; init; }

    /// <summary>The output's layout; null: the inputs' own.</summary>
    public DatasetLayout? To { get; init; }

    public required string Output { get; init; }

    public required Budget Budget { get; init; }

    public DatasetReadOptions Read { get; init; } = new();

    public OnErrorPolicy OnError { get; init; } = OnErrorPolicy.Fail;

    /// <summary>Where rows rejected at read go under <see cref="OnErrorPolicy.Skip"/>; default <c>&lt;output&gt;.rejects.jsonl</c>.</summary>
    public string? RejectsPath { get; init; }

    /// <summary>Score file (resumable cache of every scorer's values); default <c>&lt;output&gt;.scores.jsonl</c>.</summary>
    public string? ScoresPath { get; init; }

    public int Seed { get; init; }

    /// <summary>
    /// Which shard this process prepares (<see cref="ShardSpec.Whole"/>: a normal run). A shard run reads and filters
    /// the whole pool as a normal run does, scores and embeds only its rows, and selects nothing (<see cref="ShardedSelect"/>).
    /// </summary>
    public ShardSpec Shard { get; init; } = ShardSpec.Whole;

    /// <summary>
    /// Embeddings made earlier for this pool (a merge of shard runs' embeddings): a shard run writes its part beside this
    /// path; a normal run reuses the merged file instead of running the embedder, after checking its fingerprint.
    /// </summary>
    public string? Embeddings { get; init; }

    public int BatchSize { get; init; } = 256;

    public string EffectiveRejectsPath => RejectsPath ?? Output + ".rejects.jsonl";

    public string EffectiveScoresPath => ScoresPath ?? Output + ".scores.jsonl";

    public string ReportPath => Output + ".report.json";

    public string DecisionsPath => Output + ".decisions.jsonl";

    /// <summary>The embeddings the selector saw (for <c>winnow report</c>); written only when the recipe embeds.</summary>
    public string EmbeddingsPath => EmbeddingsPathFor(Output);

    public static string EmbeddingsPathFor(string output) => output + ".embeddings.f16";

    /// <summary>The pool-calibrated filters' checkpoints (<see cref="Filters.FilterCheckpoints"/>), kept after the run; deleting them is always safe.</summary>
    public string FilterCheckpointsPath => Filters.FilterCheckpoints.FolderFor(Output);

    /// <summary>The run log: input, plan, time and memory per step (<see cref="RunLog"/>).</summary>
    public string RunLogPath => RunLog.PathFor(Output);
}

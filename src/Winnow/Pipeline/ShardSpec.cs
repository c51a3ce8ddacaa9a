using System.Globalization;

namespace Winnow.Pipeline;

/// <summary>
/// Which slice of the pool this process scores: row <c>index % Count == Index</c>. Assignment by source index is
/// deterministic, balanced, and independent of how many rows failed to parse elsewhere.
/// </summary>
public readonly record struct ShardSpec(int Index, int Count)
{
    public static ShardSpec Whole { get; } = new(0, 1);

    public bool IsWhole => Count == 1;

    public bool Owns(long rowIndex) => rowIndex % Count == Index;

    /// <summary>Suffix for this shard's files, e.g. <c>.shard-2-of-8</c> (empty for an unsharded run).</summary>
    public string FileSuffix => IsWhole ? "" : $".shard-{Index}-of-{Count}";

    public override string ToString() => $"{Index}/{Count}";

    /// <summary>Parses <c>i/N</c> with 0 ≤ i &lt; N.</summary>
    public static ShardSpec Parse(string text)
    {
        var parts = text.Split('/');
        if (parts.Length != 2
            || !int.TryParse(parts[0], NumberStyles.None, CultureInfo.InvariantCulture, out var index)
            || !int.TryParse(parts[1], NumberStyles.None, CultureInfo.InvariantCulture, out var count))
            throw new ArgumentException($"--shard '{text}': expected i/N with whole numbers, e.g. 0/4");
        return Create(index, count, "--shard");
    }

    /// <summary>
    /// The shard from an explicit <c>--shard</c>, else from a scheduler's environment: SLURM job arrays
    /// (<c>SLURM_ARRAY_TASK_ID</c> − <c>SLURM_ARRAY_TASK_MIN</c> of <c>SLURM_ARRAY_TASK_COUNT</c>) or Kubernetes
    /// Indexed Jobs (<c>JOB_COMPLETION_INDEX</c> with the count given by <paramref name="shardCount"/>, since
    /// Kubernetes does not export the completion count). Otherwise the whole pool.
    /// </summary>
    public static ShardSpec Resolve(string? explicitShard, int? shardCount, Func<string, string?> environment)
    {
        if (explicitShard is not null)
            return Parse(explicitShard);
        var slurmId = environment("SLURM_ARRAY_TASK_ID");
        if (slurmId is not null)
        {
            var count = shardCount ?? ParseEnv(environment, "SLURM_ARRAY_TASK_COUNT")
                ?? throw new ArgumentException("SLURM_ARRAY_TASK_ID is set but SLURM_ARRAY_TASK_COUNT is not; pass --shard-count");
            var min = ParseEnv(environment, "SLURM_ARRAY_TASK_MIN") ?? 0;
            return Create(ParseEnv(environment, "SLURM_ARRAY_TASK_ID")!.Value - min, count, "SLURM_ARRAY_TASK_ID");
        }
        var k8sIndex = ParseEnv(environment, "JOB_COMPLETION_INDEX");
        if (k8sIndex is not null)
        {
            var count = shardCount ?? throw new ArgumentException("JOB_COMPLETION_INDEX is set: pass --shard-count with the Job's completions");
            return Create(k8sIndex.Value, count, "JOB_COMPLETION_INDEX");
        }
        if (shardCount is not null)
            throw new ArgumentException("--shard-count needs --shard, SLURM_ARRAY_TASK_ID or JOB_COMPLETION_INDEX to say which shard this is");
        return Whole;
    }

    private static ShardSpec Create(int index, int count, string source)
    {
        if (count < 1 || index < 0 || index >= count)
            throw new ArgumentException($"{source}: shard {index} of {count} is out of range; expected 0 ≤ index < count");
        return new ShardSpec(index, count);
    }

    private static int? ParseEnv(Func<string, string?> environment, string name)
    {
        var text = environment(name);
        if (text is null)
            return null;
        return int.TryParse(text, NumberStyles.Integer, CultureInfo.InvariantCulture, out var value)
            ? value
            : throw new ArgumentException($"environment variable {name}='{text}' is not a whole number");
    }
}

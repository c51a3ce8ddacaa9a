namespace Winnow.Data;

/// <summary>One file of a pool and the source its rows are reported under (its file name, or its folder's name for a dataset folder's shards).</summary>
public sealed record PoolFile(string Path, string Source);

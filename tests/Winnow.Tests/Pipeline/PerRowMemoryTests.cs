using System.Text.Json;
using Winnow.Data;
using Winnow.Embedding;
using Winnow.Pipeline;

namespace Winnow.Tests.Pipeline;

[CollectionDefinition(Name, DisableParallelization = true)]
public sealed class HeapMeasurementCollection
{
    /// <summary>Tests that measure the managed heap run alone: another test allocating meanwhile would be counted.</summary>
    public const string Name = "heap measurement";
}

/// <summary>
/// The per-row part of a run's memory formula (docs/scale.md, "Per-row memory"), measured: the managed heap that the
/// pool scan and the embedded pool keep, at n and at 4n rows. The slope must be the scan's stated bytes per row and
/// the embeddings must add nothing to the heap (they live in the mapped file).
/// </summary>
[Collection(HeapMeasurementCollection.Name)]
public sealed class PerRowMemoryTests : IDisposable
{
    private readonly string _dir = Directory.CreateTempSubdirectory("winnow-per-row-").FullName;

    public void Dispose() => Directory.Delete(_dir, recursive: true);

    [Fact]
    public void TheRunStateGrowsByTheStatedBytesPerRowAndTheEmbeddingsStayOffTheHeap()
    {
        // Other threads of the test host (a finished test's background work) can allocate or free during a
        // measurement (seen in the full suite both ways, by up to a few megabytes), so the rows must hold far more than
        // that: 3n · 20 B = 6 MB between the two sizes; and the median of three is robust to one disturbed run.
        const int n = 100_000;
        var small = Median(Enumerable.Range(0, 3).Select(_ => RetainedBytes(n)));
        var large = Median(Enumerable.Range(0, 3).Select(_ => RetainedBytes(4 * n)));
        var perRow = (double)(large - small) / (3 * n);
        // In the full suite the shared ArrayPool trims buffers earlier tests left during the forced collections, which
        // moved the slope by up to −18 % (16.3 B against 20). The band still fails what it is for: a per-row id
        // string (≥ 40 B) or the 32-d embeddings on the heap (64 B as float16, 128 B as float32).
        Assert.InRange(perRow, 0.5 * PoolScan.BytesPerUsableRow, 1.3 * PoolScan.BytesPerUsableRow);
    }

    private static long Median(IEnumerable<long> values) => values.Order().ElementAt(1);

    /// <summary>Managed bytes still held once the pool of <paramref name="rows"/> rows is scanned and embedded (as a select run holds them).</summary>
    private long RetainedBytes(int rows)
    {
        var path = Path.Combine(_dir, $"pool-{rows}.jsonl");
        if (!File.Exists(path))
            WritePool(path, rows);
        var read = new DatasetReadOptions();
        var before = GC.GetTotalMemory(forceFullCollection: true);
        var scan = PoolScan.Run(path, read, OnErrorPolicy.Fail, null, CancellationToken.None);
        using var embeddings = SelectPipeline.Embed(new HashedTfidfEmbedder(new HashedTfidfOptions { Dim = 32 }), () => scan.Rows(path, read), rows, 256, null, CancellationToken.None, Path.Combine(_dir, $"pool-{rows}.f16"));
        var after = GC.GetTotalMemory(forceFullCollection: true);
        Assert.True(embeddings.IsMapped);
        Assert.Equal(rows, scan.UsableIds.Count);
        GC.KeepAlive(scan);
        return after - before;
    }

    private static void WritePool(string path, int rows)
    {
        using var stream = File.Create(path);
        for (var i = 0; i < rows; i++)
        {
            JsonSerializer.Serialize(stream, new Dictionary<string, string> { ["instruction"] = $"say {i} twice", ["input"] = "", ["output"] = $"{i} {i} and {i % 97}" });
            stream.WriteByte((byte)'\n');
        }
    }
}

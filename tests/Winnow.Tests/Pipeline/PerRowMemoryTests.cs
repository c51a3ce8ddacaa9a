using System.Runtime.CompilerServices;
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
        // that: 3n · 28 B = 8.4 MB between the two sizes; and the median of three is robust to one disturbed run.
        const int n = 100_000;
        var small = Median(Enumerable.Range(0, 3).Select(_ => RetainedBytes(n)));
        var large = Median(Enumerable.Range(0, 3).Select(_ => RetainedBytes(4 * n)));
        var perRow = (double)(large - small) / (3 * n);
        Assert.InRange(perRow, 0.9 * PoolScan.BytesPerUsableRow, 1.15 * PoolScan.BytesPerUsableRow);
    }

    /// <summary>
    /// Near-dedup's first pass keeps only the band keys (docs/scale.md: 8 bytes a band and row, 128 at 16 bands), not
    /// the rows' shingles: measured at 2 and 8 blocks of 65,536 rows (100 MB between them, so the test host's
    /// background allocations cannot move the slope).
    /// </summary>
    [Fact]
    public void NearDedupKeepsTheStatedBytesPerRowThroughItsFirstPass()
    {
        const int n = 2 << 16, bands = 16;
        long Retained(int rows)
        {
            var candidates = Keys(rows, bands);
            GC.GetTotalMemory(forceFullCollection: true);
            var alive = GC.GetTotalMemory(forceFullCollection: true);
            GC.KeepAlive(candidates);
            candidates = null;
            var released = GC.GetTotalMemory(forceFullCollection: true);
            return alive - released;
        }
        var small = Median(Enumerable.Range(0, 3).Select(_ => Retained(n)));
        var large = Median(Enumerable.Range(0, 3).Select(_ => Retained(4 * n)));
        var perRow = (double)(large - small) / (3 * n);
        const double stated = bands * Winnow.Text.LshCandidates.BytesPerRowAndBand;
        Assert.InRange(perRow, 0.9 * stated, 1.15 * stated);
    }

    [MethodImpl(MethodImplOptions.NoInlining)]
    private static Winnow.Text.LshCandidates Keys(int rows, int bands)
    {
        var candidates = new Winnow.Text.LshCandidates(bands);
        var keys = new ulong[bands];
        var random = new Random(rows);
        for (var i = 0; i < rows; i++)
        {
            for (var b = 0; b < bands; b++)
                keys[b] = (ulong)random.NextInt64();
            candidates.Add(keys);
        }
        return candidates;
    }

    private static long Median(IEnumerable<long> values) => values.Order().ElementAt(1);

    /// <summary>
    /// Managed bytes that the scanned and embedded pool of <paramref name="rows"/> rows holds (as a select run holds
    /// them): the heap with the state alive minus the heap right after it is released. The two collections are back to
    /// back, so what other threads of the test host allocate or free during the long scan (the shared ArrayPool
    /// trimming earlier tests' buffers moved a before/after-the-scan measurement by megabytes) is not counted.
    /// </summary>
    private long RetainedBytes(int rows)
    {
        var path = Path.Combine(_dir, $"pool-{rows}.jsonl");
        if (!File.Exists(path))
            WritePool(path, rows);
        var state = Build(path, rows);
        GC.GetTotalMemory(forceFullCollection: true);
        var alive = GC.GetTotalMemory(forceFullCollection: true);
        state.Embeddings.Dispose();
        state = null;
        var released = GC.GetTotalMemory(forceFullCollection: true);
        return alive - released;
    }

    [MethodImpl(MethodImplOptions.NoInlining)]
    private RunState Build(string path, int rows)
    {
        var read = new DatasetReadOptions();
        var scan = PoolScan.Run(path, read, OnErrorPolicy.Fail, null, CancellationToken.None);
        var embeddings = SelectPipeline.Embed(new HashedTfidfEmbedder(new HashedTfidfOptions { Dim = 32 }), () => scan.Rows(path, read), rows, 256, null, CancellationToken.None, Path.Combine(_dir, $"pool-{rows}.f16"));
        Assert.True(embeddings.IsMapped);
        Assert.Equal(rows, scan.UsableIds.Count);
        return new RunState(scan, embeddings);
    }

    private sealed record RunState(PoolScan Scan, EmbeddingMatrix Embeddings);

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

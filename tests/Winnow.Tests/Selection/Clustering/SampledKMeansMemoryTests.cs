using Winnow.Embedding;
using Winnow.Pipeline;
using Winnow.Selection.Clustering;
using Winnow.Tests.Pipeline;

namespace Winnow.Tests.Selection.Clustering;

/// <summary>
/// CaR's PCA sample in the memory formula (docs/scale.md, "Per-row memory"), measured: the live managed heap at every
/// progress report of a sampled fit, at two sample sizes. Over the fit (after the PCA projection, after each Lloyd
/// iteration) the slope must be the packed projection's 4·d′ bytes plus Lloyd's 20 per sampled row: one copy of the
/// sample, not the float32 sample, its centred and packed copies and a second packed projection as before. The
/// assignment pass that follows holds one block of the pool whatever the sample's size, so its peak must not grow
/// with the sample: the sample's copy is gone by then. (Its block buffers can outweigh a small sample's copy, which is
/// why the two peaks are taken apart: a peak over both would not grow linearly with the sample.)
/// </summary>
[Collection(HeapMeasurementCollection.Name)]
public sealed class SampledKMeansMemoryTests
{
    private const int Rows = 70_000, Dim = 256, K = 20;

    [Fact]
    public void TheFitHoldsOnePackedProjectionOfTheSample()
    {
        var matrix = Pool();
        // 16,000 and 64,000 sampled rows (K × perCentroid): ≈ 47 MB apart, far above the test host's background noise.
        // The fits run on this thread alone, after one fit that is not measured: the first fit on a thread allocates
        // its per-thread buffers (the GEMM packing blocks are megabytes), which on pool threads counted in whichever
        // fit first ran there, and raised the small size's reading (the failures at 657 and 765 B a row). The heap is
        // the process's, so anything another thread allocates or frees during a fit (a finishing test's background
        // work, a retiring pool thread's buffers) moves that reading; a disturbed reading skews one pair's slope
        // either way. So the slope is taken from five small/large pairs, measured alternately, and the median kept (with
        // three, one full-suite run read the assignment's slope at −160 B a row: two of its pairs had memory freed
        // during the large fit, as a retiring pool thread's buffers would be).
        PeakLiveBytes(matrix, 800);
        var fitSlopes = new double[5];
        var assignSlopes = new double[5];
        var largeDim = 0;
        for (var pair = 0; pair < fitSlopes.Length; pair++)
        {
            var small = PeakLiveBytes(matrix, 800);
            var large = PeakLiveBytes(matrix, 3_200);
            largeDim = large.ProjectedDim;
            Assert.InRange(small.ProjectedDim, largeDim - 2, largeDim + 2);
            fitSlopes[pair] = (double)(large.Fit - small.Fit) / (K * (3_200 - 800));
            assignSlopes[pair] = (double)(large.Assign - small.Assign) / (K * (3_200 - 800));
        }
        Array.Sort(fitSlopes);
        Array.Sort(assignSlopes);
        var stated = 4.0 * largeDim + 20;
        Assert.InRange(fitSlopes[2], 0.9 * stated, 1.15 * stated);
        Assert.InRange(assignSlopes[2], -0.1 * stated, 0.1 * stated);
    }

    private static EmbeddingMatrix Pool()
    {
        var matrix = new EmbeddingMatrix(Rows, Dim);
        var data = ClusterData.Uniform(Rows, Dim, 5);
        for (var i = 0; i < Rows; i++)
            matrix.WriteRow(i, data.AsSpan(i * Dim, Dim));
        return matrix;
    }

    /// <summary>The live heap's peak (above its level before the fit) over the fit's reports and over the assignment's.</summary>
    private static (long Fit, long Assign, int ProjectedDim) PeakLiveBytes(EmbeddingMatrix matrix, int perCentroid)
    {
        var before = GC.GetTotalMemory(forceFullCollection: true);
        var heap = new HeapPeak();
        var result = SampledKMeans.Fit(matrix, 0.95, new KMeansOptions { K = K, Seed = 1, MaxIterations = 3, DegreeOfParallelism = 1 }, perCentroid, heap, "t", CancellationToken.None);
        Assert.Equal(K * perCentroid, result.TrainingRows);
        Assert.True(heap.Assign > 0, "the assignment pass reported no progress");
        return (heap.Fit - before, heap.Assign - before, result.Pca!.ComponentCount);
    }

    private sealed class HeapPeak : IProgress<StageProgress>
    {
        public long Fit { get; private set; }

        public long Assign { get; private set; }

        public void Report(StageProgress value)
        {
            var live = GC.GetTotalMemory(forceFullCollection: true);
            if (value.Stage == "t: assign")
                Assign = Math.Max(Assign, live);
            else
                Fit = Math.Max(Fit, live);
        }
    }
}

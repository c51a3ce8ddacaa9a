using Winnow.Embedding;
using Winnow.Pipeline;
using Winnow.Tensors;

namespace Winnow.Selection.Clustering;

/// <summary>
/// The second half of a sampled fit (faiss's way): every row of a float16 pool labelled with its nearest centroid,
/// one block of <see cref="BlockRows"/> rows at a time — widened to float32, projected by the PCA when there is one,
/// packed and run through the same kernel and tie rule as Lloyd's assignment. Working memory is a few blocks,
/// whatever the pool size; labels and the inertia do not depend on the thread count (rows are independent and the
/// per-block inertia sums are added in block order).
/// </summary>
internal static class BlockedAssignment
{
    public const int BlockRows = 16_384;

    public static (int[] Labels, double Inertia) Run(EmbeddingMatrix embeddings, PcaModel? pca, KMeansResult model, int threads,
        IProgress<StageProgress>? progress, string stage, CancellationToken cancellationToken)
    {
        var expected = pca?.ComponentCount ?? embeddings.Dim;
        if (model.Dim != expected || (pca is not null && pca.InputDim != embeddings.Dim))
            throw new ArgumentException($"a k-means model of {model.Dim} dimensions cannot label {embeddings.Dim}-dimensional rows{(pca is null ? "" : $" projected to {pca.ComponentCount}")}");
        var n = embeddings.Rows;
        var labels = new int[n];
        var groups = new CentroidGroups(model.K, model.Dim);
        groups.Load(model.Centroids);
        var rows = new EmbeddingRows(embeddings, null);
        // One block's buffers serve every block: allocated per block, they were a pinned, large-object garbage of
        // about 20 MB a block that only a full collection returns (≈ 600 MiB more anonymous memory at 1M rows).
        var blockRows = Math.Min(BlockRows, n);
        var buffer = new PackedRows(blockRows, expected);
        var projection = pca?.Projector(blockRows);
        var widening = pca is null ? PackedRows.ReadBuffer(blockRows, embeddings.Dim) : null;
        var blockLabels = new int[blockRows];
        var distances = new float[blockRows];
        var inertia = 0.0;
        for (var start = 0; start < n; start += BlockRows)
        {
            cancellationToken.ThrowIfCancellationRequested();
            var count = Math.Min(BlockRows, n - start);
            var packed = buffer.Leading(count);
            if (projection is null)
                packed.Fill(rows, start, widening!, threads, cancellationToken);
            else
                projection.Into(rows, start, packed, threads, DotKernel.Best, cancellationToken);
            Assignment.Run(packed, groups, blockLabels, distances, threads, DotKernel.Best, cancellationToken);
            inertia += Lloyd.Inertia(packed, model.Centroids, blockLabels, threads, cancellationToken);
            blockLabels.AsSpan(0, count).CopyTo(labels.AsSpan(start));
            progress?.Report(new StageProgress(stage, start + count, n));
        }
        return (labels, inertia);
    }
}

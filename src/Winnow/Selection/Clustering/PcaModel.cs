using Winnow.Tensors;

namespace Winnow.Selection.Clustering;

/// <summary>
/// A fitted PCA: <see cref="Components"/> is ComponentCount × InputDim row-major (unit vectors, decreasing variance),
/// <see cref="ExplainedVariance"/> the variance along each (÷ (n − 1)) and <see cref="ExplainedVarianceRatio"/> its
/// share of the total variance of all d directions.
/// </summary>
public sealed record PcaModel(int InputDim, float[] Mean, float[] Components, double[] ExplainedVariance, double[] ExplainedVarianceRatio)
{
    public int ComponentCount => ExplainedVariance.Length;

    public ReadOnlySpan<float> Component(int index) => Components.AsSpan(index * InputDim, InputDim);

    /// <summary>
    /// Projects n rows onto the kept components: (x − mean) · Vᵀ, n × ComponentCount row-major. Rows are independent,
    /// so the result does not depend on <paramref name="degreeOfParallelism"/>.
    /// </summary>
    public unsafe float[] Transform(ReadOnlySpan<float> data, int n, int degreeOfParallelism = 0)
    {
        if (data.Length != (long)n * InputDim)
            throw new ArgumentException($"PCA input has {data.Length} values, expected {n} × {InputDim}");
        var threads = degreeOfParallelism > 0 ? degreeOfParallelism : Environment.ProcessorCount;
        PackedRows packed;
        fixed (float* pointer = data)
            packed = Project(new RowMatrix(pointer, n, InputDim), 0, n, threads, CancellationToken.None);
        var result = new float[(long)n * ComponentCount];
        for (var i = 0; i < n; i++)
            packed.CopyRow(i, result.AsSpan(i * ComponentCount, ComponentCount));
        return result;
    }

    /// <summary>The rows [start, start + count) of <paramref name="source"/> projected straight into k-means' packed layout.</summary>
    internal PackedRows Project(IRowSource source, int start, int count, int threads, CancellationToken cancellationToken)
    {
        if (source.Cols != InputDim)
            throw new ArgumentException($"PCA input has {source.Cols} columns, expected {InputDim}");
        return Projection.Project(source, start, count, Mean, Components, ComponentCount, threads, DotKernel.Best, cancellationToken);
    }

    /// <summary>A projection onto the kept components that keeps its scratch between calls of at most <paramref name="maxRows"/> rows.</summary>
    internal Projection Projector(int maxRows) => new(Mean, Components, ComponentCount, maxRows);
}

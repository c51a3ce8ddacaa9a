using System.Numerics.Tensors;
using Winnow.Selection.Geometry;
using Winnow.Tensors;

namespace Winnow.Selection.Selectors;

/// <summary>
/// Superfiltering.D / submodlib similarity s_ij = exp(−‖x_i − x_j‖ / d), d = embedding width (submodlib
/// <c>helper.create_kernel</c> with <c>metric="euclidean"</c>), evaluated block by block and never stored whole.
/// ‖x_i − x_j‖² comes from ‖x_i‖² + ‖x_j‖² − 2 x_i·x_j, so a block costs one blocked dot product plus element-wise
/// work; the few close pairs where that expansion cancels are recomputed directly (<see cref="DistanceMetrics.SquaredL2"/>).
/// </summary>
internal static class FacilityKernel
{
    /// <summary><c>result[i * bCount + j] = s(a_i, b_j)</c>.</summary>
    public static void Block(ReadOnlySpan<float> a, ReadOnlySpan<float> normsA, int aCount, ReadOnlySpan<float> b, ReadOnlySpan<float> normsB, int bCount, int dim, Span<float> result)
    {
        var block = result[..(aCount * bCount)];
        BlockDot.Compute(a, aCount, b, bCount, dim, block);
        var scale = -1f / dim;
        for (var i = 0; i < aCount; i++)
        {
            var row = block.Slice(i * bCount, bCount);
            var rowA = a.Slice(i * dim, dim);
            for (var j = 0; j < bCount; j++)
                row[j] = DistanceMetrics.SquaredL2(rowA, b.Slice(j * dim, dim), row[j], normsA[i], normsB[j]);
            TensorPrimitives.Sqrt(row, row);
            TensorPrimitives.Multiply(row, scale, row);
            TensorPrimitives.Exp(row, row);
        }
    }
}

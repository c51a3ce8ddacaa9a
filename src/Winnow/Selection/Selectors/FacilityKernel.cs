using System.Numerics.Tensors;
using Winnow.Selection.Geometry;

namespace Winnow.Selection.Selectors;

/// <summary>
/// Superfiltering.D / submodlib similarity s_ij = exp(−‖x_i − x_j‖ / d), d = embedding width (submodlib
/// <c>helper.create_kernel</c> with <c>metric="euclidean"</c>), evaluated block by block and never stored whole.
/// ‖x_i − x_j‖² comes from ‖x_i‖² + ‖x_j‖² − 2 x_i·x_j (clamped at 0), so a block costs one blocked dot product
/// plus vectorised element-wise work.
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
            TensorPrimitives.MultiplyAdd(row, -2f, normsB[..bCount], row);
            TensorPrimitives.Add(row, normsA[i], row);
            TensorPrimitives.Max(row, 0f, row);
            TensorPrimitives.Sqrt(row, row);
            TensorPrimitives.Multiply(row, scale, row);
            TensorPrimitives.Exp(row, row);
        }
    }
}

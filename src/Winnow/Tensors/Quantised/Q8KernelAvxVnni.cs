using System.Runtime.CompilerServices;
using System.Runtime.Intrinsics;
using System.Runtime.Intrinsics.X86;

namespace Winnow.Tensors.Quantised;

/// <summary>
/// The AVX-VNNI micro-kernel of <see cref="Q8Gemm"/>: rows of offset activations (q + 128, unsigned) against one
/// 16-column panel, vpdpbusd (<see cref="AvxVnni.MultiplyWideningAndAdd(Vector256{int}, Vector256{byte}, Vector256{sbyte})"/>)
/// on 256-bit vectors. .NET 10 exposes vpdpbusd only through AvxVnni (128/256-bit); its 512-bit form (AVX512_VNNI) has
/// no public API, and AvxVnniInt8's signed × signed form needs AVX-VNNI-INT8, which this class of CPU lacks. Per block,
/// each int32 lane starts at −128·Σq of its column and sums 8 quads, giving the exact signed block dot; then
/// C = fma(float(sum) · scale_w, scale_x, C), the same operations in the same order as <see cref="Q8GemmReference"/>.
/// </summary>
internal static unsafe class Q8KernelAvxVnni
{
    public static bool IsSupported => AvxVnni.IsSupported && Fma.IsSupported;

    /// <summary>Four activation rows (stride k bytes, scales stride blocks) against one panel; C rows stride ldc.</summary>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    public static void Rows4(byte* a, float* aScales, int k, int blocks, sbyte* w, float* wScales, int* corrections, float* c, int ldc)
    {
        for (var b = 0; b < blocks; b++)
        {
            var corrLo = Vector256.Load(corrections);
            var corrHi = Vector256.Load(corrections + 8);
            Vector256<int> s0l = corrLo, s0h = corrHi, s1l = corrLo, s1h = corrHi, s2l = corrLo, s2h = corrHi, s3l = corrLo, s3h = corrHi;
            var a0 = a + b * Q8Rows.Block;
            for (var q = 0; q < Q8Rows.Block / 4; q++)
            {
                var wl = Vector256.Load(w + q * 64);
                var wh = Vector256.Load(w + q * 64 + 32);
                var x0 = Vector256.Create(*(int*)(a0 + q * 4)).AsByte();
                s0l = AvxVnni.MultiplyWideningAndAdd(s0l, x0, wl);
                s0h = AvxVnni.MultiplyWideningAndAdd(s0h, x0, wh);
                var x1 = Vector256.Create(*(int*)(a0 + k + q * 4)).AsByte();
                s1l = AvxVnni.MultiplyWideningAndAdd(s1l, x1, wl);
                s1h = AvxVnni.MultiplyWideningAndAdd(s1h, x1, wh);
                var x2 = Vector256.Create(*(int*)(a0 + 2 * k + q * 4)).AsByte();
                s2l = AvxVnni.MultiplyWideningAndAdd(s2l, x2, wl);
                s2h = AvxVnni.MultiplyWideningAndAdd(s2h, x2, wh);
                var x3 = Vector256.Create(*(int*)(a0 + 3 * k + q * 4)).AsByte();
                s3l = AvxVnni.MultiplyWideningAndAdd(s3l, x3, wl);
                s3h = AvxVnni.MultiplyWideningAndAdd(s3h, x3, wh);
            }
            var dl = Vector256.Load(wScales);
            var dh = Vector256.Load(wScales + 8);
            Scale(s0l, s0h, dl, dh, aScales[b], c);
            Scale(s1l, s1h, dl, dh, aScales[blocks + b], c + ldc);
            Scale(s2l, s2h, dl, dh, aScales[2 * blocks + b], c + 2 * ldc);
            Scale(s3l, s3h, dl, dh, aScales[3 * blocks + b], c + 3 * ldc);
            w += Q8Matrix.PanelBlockBytes;
            wScales += Q8Matrix.PanelWidth;
            corrections += Q8Matrix.PanelWidth;
        }
    }

    /// <summary>One activation row against one panel.</summary>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    public static void Rows1(byte* a, float* aScales, int blocks, sbyte* w, float* wScales, int* corrections, float* c)
    {
        for (var b = 0; b < blocks; b++)
        {
            var sl = Vector256.Load(corrections);
            var sh = Vector256.Load(corrections + 8);
            var a0 = a + b * Q8Rows.Block;
            for (var q = 0; q < Q8Rows.Block / 4; q++)
            {
                var x = Vector256.Create(*(int*)(a0 + q * 4)).AsByte();
                sl = AvxVnni.MultiplyWideningAndAdd(sl, x, Vector256.Load(w + q * 64));
                sh = AvxVnni.MultiplyWideningAndAdd(sh, x, Vector256.Load(w + q * 64 + 32));
            }
            Scale(sl, sh, Vector256.Load(wScales), Vector256.Load(wScales + 8), aScales[b], c);
            w += Q8Matrix.PanelBlockBytes;
            wScales += Q8Matrix.PanelWidth;
            corrections += Q8Matrix.PanelWidth;
        }
    }

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static void Scale(Vector256<int> sumLo, Vector256<int> sumHi, Vector256<float> wLo, Vector256<float> wHi, float xScale, float* c)
    {
        var x = Vector256.Create(xScale);
        Vector256.Store(Fma.MultiplyAdd(Avx.ConvertToVector256Single(sumLo) * wLo, x, Vector256.Load(c)), c);
        Vector256.Store(Fma.MultiplyAdd(Avx.ConvertToVector256Single(sumHi) * wHi, x, Vector256.Load(c + 8)), c + 8);
    }
}

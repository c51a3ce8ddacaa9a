namespace Winnow.Tensors;

/// <summary>
/// Portable 4×4 micro-kernel in plain scalar code, the last resort when neither AVX-512 nor AVX2/FMA is
/// available (e.g. ARM64). It keeps the packed, blocked driver (and <see cref="PackedMatrix"/>) working everywhere;
/// speed there is not a goal.
/// </summary>
internal readonly struct GemmKernelScalar : IGemmKernel
{
    public static int MR => 4;

    public static int NR => 4;

    public static bool IsSupported => true;

    public static unsafe void Run(int kc, float* a, float* b, float* c, nint ldc, bool add)
    {
        var acc = stackalloc float[16];
        for (var p = 0; p < kc; p++)
        {
            for (var i = 0; i < 4; i++)
            {
                for (var j = 0; j < 4; j++)
                    acc[i * 4 + j] += a[i] * b[j];
            }
            a += 4;
            b += 4;
        }
        for (var i = 0; i < 4; i++)
        {
            for (var j = 0; j < 4; j++)
                c[i * ldc + j] = add ? c[i * ldc + j] + acc[i * 4 + j] : acc[i * 4 + j];
        }
    }
}

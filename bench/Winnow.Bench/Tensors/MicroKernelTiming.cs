using System.Diagnostics;
using System.Runtime.InteropServices;
using Winnow.Tensors;

namespace Winnow.Bench.Tensors;

/// <summary>
/// Ceiling of the AVX-512 micro-kernel alone: <c>dotnet run -c Release --project bench/Winnow.Bench -- timing sgemm-kernel [kc]</c>.
/// Runs the 14×32 kernel over the same packed panels (a few tens of KiB, L1/L2-resident) many times on one thread
/// and prints GFLOP per CPU-second, so the blocked GEMM's figure can be read as a fraction of what the kernel can do.
/// </summary>
public static class MicroKernelTiming
{
    [TimingCommand("sgemm-kernel")]
    private static unsafe int Run(string[] args)
    {
        if (!GemmKernelAvx512.IsSupported)
        {
            Console.Error.WriteLine("AVX-512 kernel not supported on this CPU");
            return 1;
        }
        var kc = args.Length > 0 ? int.Parse(args[0]) : 256;
        var a = (float*)NativeMemory.AlignedAlloc((nuint)(14 * kc * sizeof(float)), 64);
        var b = (float*)NativeMemory.AlignedAlloc((nuint)(32 * kc * sizeof(float)), 64);
        var c = (float*)NativeMemory.AlignedAlloc(14 * 32 * sizeof(float), 64);
        for (var i = 0; i < 14 * kc; i++)
            a[i] = 1e-3f * (i % 7);
        for (var i = 0; i < 32 * kc; i++)
            b[i] = 1e-3f * (i % 5);
        var calls = 2_000_000_000L / (2L * 14 * 32 * kc); // ≈ 2 GFLOP per repetition
        var results = new List<double>();
        var process = Process.GetCurrentProcess();
        for (var r = 0; r < 6; r++)
        {
            process.Refresh();
            var cpu0 = process.TotalProcessorTime;
            for (var i = 0L; i < calls; i++)
                GemmKernelAvx512.Run(kc, a, b, c, 32, add: false);
            process.Refresh();
            if (r > 0)
                results.Add(2.0 * 14 * 32 * kc * calls / (process.TotalProcessorTime - cpu0).TotalSeconds / 1e9);
        }
        results.Sort();
        Console.WriteLine($"14x32 kernel, kc {kc}: median {results[results.Count / 2]:F1} GFLOP per CPU-second (best {results[^1]:F1}, worst {results[0]:F1})");
        NativeMemory.AlignedFree(a);
        NativeMemory.AlignedFree(b);
        NativeMemory.AlignedFree(c);
        return 0;
    }
}

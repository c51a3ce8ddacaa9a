using System.Reflection;
using System.Runtime.InteropServices;
using LLama.Native;

namespace Winnow.Backends.LlamaCpp;

/// <summary>
/// Loads llama.cpp's native library once (the CPU build LLamaSharp.Backend.Cpu ships, the best AVX level the CPU has)
/// and names the build for provenance. llama.cpp's log goes nowhere except warnings and errors, to stderr.
/// </summary>
internal static class LlamaCppRuntime
{
    private static readonly Lazy<string> Loaded = new(Load);

    public static string Build => Loaded.Value;

    public static void EnsureLoaded() => _ = Loaded.Value;

    private static string Load()
    {
        NativeLibraryConfig.All.WithLogCallback((level, message) =>
        {
            if (level is LLamaLogLevel.Warning or LLamaLogLevel.Error)
                Console.Error.Write("llama.cpp: " + message);
        });
        var version = typeof(NativeApi).Assembly.GetCustomAttribute<AssemblyInformationalVersionAttribute>()?.InformationalVersion ?? "unknown";
        var system = Marshal.PtrToStringAnsi(NativeApi.llama_print_system_info()) ?? "";
        return $"LLamaSharp {version}; {system.Trim()}";
    }
}

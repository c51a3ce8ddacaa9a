using BenchmarkDotNet.Running;

namespace Winnow.Bench;

/// <summary>
/// Entry point: `dotnet run -c Release --project bench/Winnow.Bench -- --filter '*Gemm*'` runs BenchmarkDotNet
/// classes; `-- timing &lt;name&gt; [args]` runs one of the end-to-end timing commands registered in <see cref="TimingCommands"/>.
/// </summary>
public static class Program
{
    public static int Main(string[] args)
    {
        if (args.Length > 0 && args[0] == "timing")
            return TimingCommands.Run(args[1..]);
        BenchmarkSwitcher.FromAssembly(typeof(Program).Assembly).Run(args);
        return 0;
    }
}

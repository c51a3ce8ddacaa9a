using System.Diagnostics;

namespace Winnow.Tests.Cli;

/// <summary>Runs the winnow CLI in-process (captured output) or as a child process (for kill tests).</summary>
public static class CliRunner
{
    public sealed record Result(int ExitCode, string Output, string Error);

    public static Result Run(params string[] args)
    {
        var output = new StringWriter();
        var error = new StringWriter();
        var code = Winnow.Cli.Program.Run(args, output, error);
        return new Result(code, output.ToString(), error.ToString());
    }

    /// <summary>The CLI assembly built next to the tests (same configuration), started with <c>dotnet</c>.</summary>
    public static Process Start(params string[] args)
    {
        var dll = Path.Combine(AppContext.BaseDirectory, "Winnow.Cli.dll");
        var info = new ProcessStartInfo("dotnet") { RedirectStandardOutput = true, RedirectStandardError = true, UseShellExecute = false };
        info.ArgumentList.Add(dll);
        foreach (var arg in args)
            info.ArgumentList.Add(arg);
        return Process.Start(info) ?? throw new InvalidOperationException("could not start the winnow CLI");
    }

    public static string TopKRecipe(string directory)
    {
        var path = Path.Combine(directory, "topk.yaml");
        File.WriteAllText(path, """
            name: topk-quality
            scorers:
              - name: default-quality
            selector:
              name: top-k
              params: { column: default-quality.quality }
            """);
        return path;
    }
}

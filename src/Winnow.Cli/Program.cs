using System.CommandLine;
using Winnow.Backends;
using Winnow.Cli.Commands;
using Winnow.Data;
using Winnow.Pipeline;

namespace Winnow.Cli;

/// <summary>The <c>winnow</c> command line: parses, runs one command, and maps failures to exit codes 1 and 2.</summary>
public static class Program
{
    public static int Main(string[] args) => Run(args, Console.Out, Console.Error);

    public static int Run(string[] args, TextWriter output, TextWriter error)
    {
        var root = new RootCommand("Winnow scores, clusters and selects instruction-tuning data for LLMs.")
        {
            SelectCommand.Create(),
            PlanCommand.Create(),
            ScoreCommand.Create(),
            StatsCommand.Create(),
            MergeCommand.Create(),
            DemoCommand.Create(),
            ListCommand.Create(),
            TrainCommand.Create(),
            EvalCommand.Create(),
            ServeCommand.Create(),
            ConvertCommand.Create(),
            ReportCommand.Create(),
        };
        var parsed = root.Parse(args);
        if (parsed.Errors.Count > 0)
        {
            foreach (var parseError in parsed.Errors)
                error.WriteLine($"winnow: {parseError.Message}");
            error.WriteLine("Run 'winnow --help' (or 'winnow <command> --help') for usage and examples.");
            return ExitCodes.UsageError;
        }
        // Which engine runs each model, and why, goes to stderr as it is decided.
        void Announce(string line) => error.WriteLine("winnow: " + line);
        ModelBackends.Announce += Announce;
        try
        {
            return parsed.Invoke(new InvocationConfiguration { Output = output, Error = error, EnableDefaultExceptionHandler = false });
        }
        catch (Exception e)
        {
            return Report(e, error);
        }
        finally
        {
            ModelBackends.Announce -= Announce;
        }
    }

    /// <summary>One line naming the problem; usage mistakes exit 2, everything else (data, I/O, interruption) 1.</summary>
    internal static int Report(Exception e, TextWriter error)
    {
        switch (e)
        {
            // Work spread over the cores (Parallel.For) hands its failures back wrapped; the user needs the failure
            // itself, named as it would be had one thread met it.
            case AggregateException aggregate when aggregate.Flatten().InnerExceptions.Count > 0:
                var failures = aggregate.Flatten().InnerExceptions;
                var code = Report(failures[0], error);
                if (failures.Count > 1)
                    error.WriteLine($"winnow: ({failures.Count - 1} more failure{(failures.Count > 2 ? "s" : "")} on other threads at the same time, not shown)");
                return code;
            case OperationCanceledException:
                error.WriteLine("winnow: interrupted; everything scored so far is saved — run the same command again to resume.");
                return ExitCodes.RuntimeError;
            case ArgumentException:
                error.WriteLine($"winnow: {e.Message}");
                return ExitCodes.UsageError;
            // Known failures of data, model and tokenizer files: one line that names the file and the problem.
            case BadRowException or DatasetFormatException or UnwritableRowException or InvalidDataException or IOException or UnauthorizedAccessException or NotSupportedException
                or Models.ModelFormatException or Tokenizers.TokenizerFormatException or System.Text.Json.JsonException:
                error.WriteLine($"winnow: {e.Message}");
                return ExitCodes.RuntimeError;
            default:
                error.WriteLine($"winnow: unexpected error: {e}");
                return ExitCodes.RuntimeError;
        }
    }
}

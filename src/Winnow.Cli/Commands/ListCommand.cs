using System.CommandLine;
using Winnow.Pipeline;

namespace Winnow.Cli.Commands;

/// <summary><c>winnow list</c>: the registry names usable in the CLI and in YAML recipes.</summary>
public static class ListCommand
{
    public static Command Create()
    {
        var command = new Command("list", """
            List the scorers, embedders and selectors by their registry names (the names recipes use).
            Example:
              winnow list
            """);
        command.SetAction(parse =>
        {
            var output = parse.InvocationConfiguration.Output;
            foreach (var (title, entries) in new[] { ("scorers", Catalog.Scorers.Entries), ("embedders", Catalog.Embedders.Entries), ("selectors", Catalog.Selectors.Entries) })
            {
                output.WriteLine(title + ":");
                foreach (var (name, description) in entries)
                    output.WriteLine($"  {name,-24} {description}");
            }
            return ExitCodes.Ok;
        });
        return command;
    }
}

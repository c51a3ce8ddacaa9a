using System.CommandLine;
using Winnow.Components;

namespace Winnow.Cli.Commands;

/// <summary><c>winnow list</c>: every component by registry name with its parameters, one in full, or docs/components.md.</summary>
public static class ListCommand
{
    public static Command Create()
    {
        var name = new Argument<string?>("name") { Description = "Print this component in full (needs, produces, every parameter).", Arity = ArgumentArity.ZeroOrOne };
        var markdown = new Option<bool>("--markdown") { Description = "Print docs/components.md (every component and parameter) instead." };
        var command = new Command("list", """
            List the scorers, embedders and selectors by their registry names (the names recipes use) with their parameters.
            Examples:
              winnow list
              winnow list ifd
              winnow list --markdown > docs/components.md
            """)
        {
            name, markdown,
        };
        command.SetAction(parse =>
        {
            var output = parse.InvocationConfiguration.Output;
            if (parse.GetValue(markdown))
            {
                output.Write(ComponentText.Markdown());
                return ExitCodes.Ok;
            }
            if (parse.GetValue(name) is { } wanted)
            {
                var matches = Declared.All.Where(c => c.Name == wanted).ToList();
                if (matches.Count == 0)
                {
                    parse.InvocationConfiguration.Error.WriteLine($"winnow: no component is named '{wanted}'; 'winnow list' shows them all");
                    return ExitCodes.UsageError;
                }
                output.Write(string.Join(Environment.NewLine, matches.Select(ComponentText.Full)));
                return ExitCodes.Ok;
            }
            foreach (var kind in Declared.KindNames)
            {
                output.WriteLine(ComponentText.Heading(kind) + ":");
                foreach (var component in Declared.OfKind(kind))
                {
                    output.WriteLine($"  {component.Name,-24} {component.Description}");
                    foreach (var line in ComponentText.ParamLines(component))
                        output.WriteLine("      " + line);
                }
            }
            return ExitCodes.Ok;
        });
        return command;
    }
}

using System.Text;

namespace Winnow.Components;

/// <summary>
/// Declarations as text: the lines of <c>winnow list</c>, the full entry of <c>winnow list NAME</c>, and
/// docs/components.md. All three read <see cref="Declared"/>, so what the tool prints and what the docs say cannot
/// drift from the code.
/// </summary>
public static class ComponentText
{
    /// <summary>Plural headings of the kinds, in <see cref="Declared.KindNames"/> order.</summary>
    public static string Heading(string kind) => kind + "s";

    /// <summary>One line per parameter: "key  type  default  doc".</summary>
    public static IEnumerable<string> ParamLines(ComponentInfo component)
    {
        var width = component.Params.Count == 0 ? 0 : component.Params.Max(p => p.Name.Length);
        foreach (var p in component.Params)
            yield return $"{p.Name.PadRight(width)}  {TypeText(p)}; {DefaultText(p)}. {p.Doc}";
    }

    /// <summary>The full entry of one component, as <c>winnow list NAME</c> prints it.</summary>
    public static string Full(ComponentInfo component)
    {
        var text = new StringBuilder();
        text.AppendLine($"{component.Name} ({component.Kind})");
        text.AppendLine($"  {component.Description}");
        foreach (var need in NeedsLines(component))
            text.AppendLine($"  needs: {need}");
        if (component.Produces.Count > 0)
            text.AppendLine($"  produces: {string.Join(", ", component.Produces.Select(f => component.Name + "." + f))}");
        text.AppendLine(component.Params.Count == 0 ? "  parameters: none" : "  parameters:");
        foreach (var line in ParamLines(component))
            text.AppendLine("    " + line);
        return text.ToString();
    }

    /// <summary>docs/components.md: every component, every parameter with type, default, range and doc.</summary>
    public static string Markdown()
    {
        var text = new StringBuilder();
        text.Append("# Components\n\n");
        text.Append("Generated from the component declarations in the code by `./winnow list --markdown > docs/components.md`;\n");
        text.Append("a test fails when this file and the code disagree. Names are the ones recipes and the CLI use.\n");
        foreach (var kind in Declared.KindNames)
        {
            text.Append($"\n## {char.ToUpperInvariant(kind[0])}{Heading(kind)[1..]}\n");
            foreach (var component in Declared.OfKind(kind))
            {
                text.Append($"\n### `{component.Name}`\n\n{component.Description}\n\n");
                foreach (var need in NeedsLines(component))
                    text.Append($"- needs: {need}\n");
                if (component.Produces.Count > 0)
                    text.Append($"- produces: {string.Join(", ", component.Produces.Select(f => $"`{component.Name}.{f}`"))}\n");
                if (component.Params.Count == 0)
                {
                    text.Append("- parameters: none\n");
                    continue;
                }
                text.Append("\n| parameter | type | default | meaning |\n|---|---|---|---|\n");
                foreach (var p in component.Params)
                    text.Append($"| `{p.Name}` | {Cell(TypeText(p))} | {Cell(DefaultText(p))} | {Cell(p.Doc)} |\n");
            }
        }
        return text.ToString();
    }

    private static IEnumerable<string> NeedsLines(ComponentInfo component)
    {
        var needs = component.Needs;
        if (needs.Text is { } fixedText)
            yield return "row text: " + fixedText;
        if (needs.TextParam is { } textParam)
            yield return $"row text: chosen by '{textParam}'";
        if (needs.ModelParams.Count > 0)
            yield return $"model ({string.Join(", ", needs.ModelParams.Select(m => $"'{m}'"))})" + (needs.Backend == Capability.None ? "" : $" with {needs.Backend}");
        if (needs.ColumnParams.Count > 0)
            yield return $"score columns named by {string.Join(", ", needs.ColumnParams.Select(c => $"'{c}'"))}";
        if (needs.Embeddings)
            yield return "embeddings (the recipe's embedder)";
    }

    private static string TypeText(ParamSpec p) => p.Type switch
    {
        ParamType.Choice => string.Join(" | ", p.Values),
        ParamType.Int => "int" + p.RangeText(),
        ParamType.Number => "number" + p.RangeText(),
        ParamType.NumberList => "numbers" + p.RangeText(),
        _ => p.Type.ToString().ToLowerInvariant(),
    };

    private static string DefaultText(ParamSpec p) =>
        p.Required ? "required" : p.Default is { } value ? "default " + value : "default: " + (p.DefaultDoc ?? "none");

    private static string Cell(string text) => text.Replace("|", "\\|", StringComparison.Ordinal);
}

using YamlDotNet.Core;
using YamlDotNet.RepresentationModel;

namespace Winnow.Pipeline;

/// <summary>
/// The line of every key of a recipe's YAML, by dotted path ("selector.params.column", "scorers.0.name"), kept from
/// the parser's marks so that a plan error can point at the line that caused it.
/// </summary>
public sealed class RecipeLines
{
    private readonly Dictionary<string, int> _lines = new(StringComparer.Ordinal);

    public static RecipeLines Empty { get; } = new();

    public static RecipeLines Read(string yaml)
    {
        var lines = new RecipeLines();
        var stream = new YamlStream();
        stream.Load(new StringReader(yaml));
        if (stream.Documents.Count > 0)
            lines.Walk(stream.Documents[0].RootNode, "");
        return lines;
    }

    /// <summary>The line of <paramref name="path"/>, else of its nearest enclosing key that has one, else null.</summary>
    public int? Of(string path)
    {
        for (var p = path; p.Length > 0; p = p.Contains('.') ? p[..p.LastIndexOf('.')] : "")
        {
            if (_lines.TryGetValue(p, out var line))
                return line;
        }
        return null;
    }

    private void Walk(YamlNode node, string path)
    {
        switch (node)
        {
            case YamlMappingNode map:
                foreach (var (key, value) in map.Children)
                {
                    var child = Join(path, (key as YamlScalarNode)?.Value ?? key.ToString());
                    _lines[child] = checked((int)key.Start.Line);
                    Walk(value, child);
                }
                break;
            case YamlSequenceNode list:
                for (var i = 0; i < list.Children.Count; i++)
                {
                    var child = Join(path, i.ToString(System.Globalization.CultureInfo.InvariantCulture));
                    _lines[child] = checked((int)list.Children[i].Start.Line);
                    Walk(list.Children[i], child);
                }
                break;
        }
    }

    private static string Join(string path, string key) => path.Length == 0 ? key : path + "." + key;
}

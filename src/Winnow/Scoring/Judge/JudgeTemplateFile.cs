using System.Globalization;
using System.Text.RegularExpressions;
using YamlDotNet.Core;
using YamlDotNet.RepresentationModel;

namespace Winnow.Scoring.Judge;

/// <summary>
/// Reads a judge template from YAML:
/// <code>
/// system: |            # optional
///   You are a strict grader.
/// user: |
///   Question: {prompt}
///   Answer: {response}
///   Rate the answer from 1 to 9. Reply "Rating: N" and nothing else.
/// scale: [1, 9]        # lowest and highest score
/// pattern: '\ARating: (?&lt;score&gt;[1-9])\s*\z'   # optional; default: the number alone on the reply's first line
/// </code>
/// Every error names the file, the line and the key: unknown keys, unknown or unclosed placeholders, a template that
/// never shows the judge the response, a scale that is not two increasing numbers, a pattern without a score group.
/// </summary>
public static class JudgeTemplateFile
{
    private static readonly string[] Keys = ["system", "user", "scale", "pattern"];

    public static JudgeTemplate Load(string path)
    {
        var full = Path.GetFullPath(path);
        var stream = new YamlStream();
        try
        {
            stream.Load(new StringReader(File.ReadAllText(full)));
        }
        catch (YamlException e)
        {
            throw new ArgumentException($"{full}:{e.Start.Line}: not valid YAML ({e.Message}); expected a judge template (keys {string.Join(", ", Keys)})");
        }
        if (stream.Documents.Count == 0 || stream.Documents[0].RootNode is not YamlMappingNode root)
            throw new ArgumentException($"{full}:1: expected a mapping with keys {string.Join(", ", Keys)}");
        var values = new Dictionary<string, YamlNode>(StringComparer.Ordinal);
        foreach (var (key, value) in root.Children)
        {
            var name = (key as YamlScalarNode)?.Value ?? "";
            if (!Keys.Contains(name))
                throw new ArgumentException($"{full}:{key.Start.Line}: unknown key '{name}'; expected one of {string.Join(", ", Keys)}");
            values[name] = value;
        }
        var system = values.TryGetValue("system", out var s) ? Text(full, "system", s) : null;
        var user = values.TryGetValue("user", out var u) ? Text(full, "user", u) : throw new ArgumentException($"{full}:1: key 'user' is missing; it is the message the judge rates (with {{response}})");
        if (!user.Uses("response") && system?.Uses("response") != true)
            throw new ArgumentException($"{full}:{u.Start.Line}: key 'user': the template never shows the judge the response; put {{response}} in 'user' or 'system'");
        var (min, max) = values.TryGetValue("scale", out var scale) ? Scale(full, scale) : throw new ArgumentException($"{full}:1: key 'scale' is missing; expected [lowest, highest] score, e.g. [0, 5]");
        var pattern = values.TryGetValue("pattern", out var p) ? Pattern(full, p) : new Regex(JudgeTemplate.FirstLinePattern, RegexOptions.CultureInvariant, JudgeTemplate.MatchTimeout);
        return new JudgeTemplate(full, system, user, min, max, pattern);
    }

    private static TemplateText Text(string path, string key, YamlNode node)
    {
        if (node is not YamlScalarNode { Value: { } text } scalar)
            throw new ArgumentException($"{path}:{node.Start.Line}: key '{key}' must be text");
        try
        {
            return TemplateText.Parse(text);
        }
        catch (TemplateTextException e)
        {
            throw new ArgumentException($"{path}:{LineOf(scalar, text, e.Offset)}: key '{key}': {e.Message}");
        }
    }

    /// <summary>
    /// The file line of a character of a scalar: a block scalar (| or &gt;) starts on the line after its indicator;
    /// a folded or quoted multi-line value has lost its line breaks, so its first line is the best answer there.
    /// </summary>
    private static long LineOf(YamlScalarNode node, string text, int offset) => node.Style switch
    {
        ScalarStyle.Literal => node.Start.Line + 1 + text.AsSpan(0, offset).Count('\n'),
        ScalarStyle.Folded => node.Start.Line + 1,
        _ => node.Start.Line,
    };

    private static (double Min, double Max) Scale(string path, YamlNode node)
    {
        if (node is YamlSequenceNode { Children.Count: 2 } pair
            && Number(pair.Children[0]) is { } min && Number(pair.Children[1]) is { } max && min < max)
            return (min, max);
        throw new ArgumentException($"{path}:{node.Start.Line}: key 'scale': expected [lowest, highest] with two increasing numbers, e.g. [0, 5]");
    }

    private static double? Number(YamlNode node) =>
        node is YamlScalarNode { Value: { } text } && double.TryParse(text, NumberStyles.Float, CultureInfo.InvariantCulture, out var value) && double.IsFinite(value) ? value : null;

    private static Regex Pattern(string path, YamlNode node)
    {
        if (node is not YamlScalarNode { Value: { } text })
            throw new ArgumentException($"{path}:{node.Start.Line}: key 'pattern' must be text (a .NET regular expression)");
        Regex regex;
        try
        {
            regex = new Regex(text, RegexOptions.CultureInvariant, JudgeTemplate.MatchTimeout);
        }
        catch (ArgumentException e)
        {
            throw new ArgumentException($"{path}:{node.Start.Line}: key 'pattern' is not a valid regular expression ({e.Message})");
        }
        if (!regex.GetGroupNames().Contains("score"))
            throw new ArgumentException($"{path}:{node.Start.Line}: key 'pattern' has no group named 'score'; write (?<score>...) around the number");
        return regex;
    }
}

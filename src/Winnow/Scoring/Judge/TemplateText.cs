using System.Text;
using Winnow.Data;

namespace Winnow.Scoring.Judge;

/// <summary>
/// A message of a judge template: literal text with placeholders <c>{instruction}</c>, <c>{input}</c>, <c>{prompt}</c>
/// (instruction and input as one message) and <c>{response}</c>, filled from the row's first exchange. <c>{{</c> and
/// <c>}}</c> stand for literal braces. Parsed once, so a bad placeholder is found when the template is loaded, never
/// halfway through a run.
/// </summary>
public sealed class TemplateText
{
    public static readonly IReadOnlyList<string> Placeholders = ["instruction", "input", "prompt", "response"];

    private readonly IReadOnlyList<(string? Literal, string? Placeholder)> _parts;

    private TemplateText(string source, IReadOnlyList<(string? Literal, string? Placeholder)> parts)
    {
        Source = source;
        _parts = parts;
    }

    /// <summary>The text as written (for the template's hash).</summary>
    public string Source { get; }

    public bool Uses(string placeholder) => _parts.Any(p => p.Placeholder == placeholder);

    /// <summary>Parses <paramref name="text"/>; a malformed or unknown placeholder is a <see cref="TemplateTextException"/> with its offset.</summary>
    public static TemplateText Parse(string text)
    {
        var parts = new List<(string?, string?)>();
        var literal = new StringBuilder();
        var i = 0;
        while (i < text.Length)
        {
            var c = text[i];
            if ((c == '{' || c == '}') && i + 1 < text.Length && text[i + 1] == c)
            {
                literal.Append(c);
                i += 2;
                continue;
            }
            if (c == '}')
                throw new TemplateTextException(i, "a lone '}' (write '}}' for a literal brace)");
            if (c != '{')
            {
                literal.Append(c);
                i++;
                continue;
            }
            var close = text.IndexOf('}', i + 1);
            if (close < 0)
                throw new TemplateTextException(i, "a '{' that is never closed (write '{{' for a literal brace)");
            var name = text[(i + 1)..close];
            if (!Placeholders.Contains(name))
                throw new TemplateTextException(i, $"unknown placeholder '{{{name}}}'; expected one of {string.Join(", ", Placeholders.Select(p => "{" + p + "}"))} (write '{{{{' and '}}}}' for literal braces)");
            if (literal.Length > 0)
                parts.Add((literal.ToString(), null));
            literal.Clear();
            parts.Add((null, name));
            i = close + 1;
        }
        if (literal.Length > 0)
            parts.Add((literal.ToString(), null));
        return new TemplateText(text, parts);
    }

    public string Render(Sample row)
    {
        var text = new StringBuilder();
        foreach (var (literal, placeholder) in _parts)
        {
            text.Append(placeholder switch
            {
                null => literal,
                "instruction" => row.Instruction,
                "input" => row.Input,
                "prompt" => row.Prompt,
                _ => row.Response,
            });
        }
        return text.ToString();
    }
}

/// <summary>A template text that does not parse; <see cref="Offset"/> is the character where the problem starts.</summary>
public sealed class TemplateTextException(int offset, string message) : FormatException(message)
{
    public int Offset { get; } = offset;
}

using Winnow.Data;

namespace Winnow.Embedding;

/// <summary>Which text of a row an embedder reads (parameter <c>text</c>).</summary>
public enum EmbeddingText
{
    /// <summary><c>whole</c>: <see cref="Sample.Prompt"/> + "\n" + <see cref="Sample.Response"/> (first exchange).</summary>
    Whole,

    /// <summary><c>instruction</c>: <see cref="Sample.Prompt"/> (instruction, and input when present).</summary>
    Instruction,

    /// <summary><c>response</c>: <see cref="Sample.Response"/>.</summary>
    Response,

    /// <summary><c>conversation</c>: every turn's text (system, user, assistant, in order) joined by "\n".</summary>
    Conversation,
}

internal static class EmbeddingTextExtensions
{
    public static string Of(this EmbeddingText field, Sample sample) => field switch
    {
        EmbeddingText.Whole => sample.Prompt + "\n" + sample.Response,
        EmbeddingText.Instruction => sample.Prompt,
        EmbeddingText.Response => sample.Response,
        EmbeddingText.Conversation => string.Join("\n", sample.Turns.Select(t => t.Text)),
        _ => throw new ArgumentOutOfRangeException(nameof(field), field, null),
    };

    public static string Name(this EmbeddingText field) => field.ToString().ToLowerInvariant();

    public static EmbeddingText Parse(string name)
    {
        foreach (var field in Enum.GetValues<EmbeddingText>())
        {
            if (field.Name() == name)
                return field;
        }
        throw new ArgumentException($"text '{name}' is not one of {string.Join(", ", Enum.GetValues<EmbeddingText>().Select(f => f.Name()))}");
    }
}

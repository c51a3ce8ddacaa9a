using System.Text.Json;

namespace Winnow.Data;

/// <summary>Prompt/completion: <c>prompt</c> and <c>completion</c> are required non-blank strings, one exchange.</summary>
internal static class PromptCompletionRow
{
    public static (Sample Sample, JsonElement? Id) Read(JsonElement row, long index)
    {
        var fields = RowFields.Collect(row, "", "prompt", "completion", "id");
        var prompt = RowFields.NonEmptyText(fields[0], "prompt");
        var completion = RowFields.NonEmptyText(fields[1], "completion");
        Turn[] turns = [new(Role.User, prompt), new(Role.Assistant, completion)];
        return (new Sample(index, turns, prompt, "", completion), fields[2]);
    }
}

using System.Text.Json;

namespace Winnow.Data;

/// <summary>Prompt/completion: <c>prompt</c> and <c>completion</c> are required non-blank strings, one exchange.</summary>
internal static class PromptCompletionRow
{
    public static (Sample Sample, JsonElement? Id) Read(JsonElement row, long index, DatasetReadOptions names)
    {
        var fields = RowFields.Collect(row, "", names.Column("prompt"), names.Column("completion"), names.Column("id"));
        var prompt = RowFields.NonEmptyText(fields[0], names.Column("prompt"));
        var completion = RowFields.NonEmptyText(fields[1], names.Column("completion"));
        Turn[] turns = [new(Role.User, prompt), new(Role.Assistant, completion)];
        return (new Sample(index, turns, prompt, "", completion), fields[2]);
    }
}

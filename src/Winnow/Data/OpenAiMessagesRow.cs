using System.Text.Json;

namespace Winnow.Data;

/// <summary>
/// OpenAI chat messages: <c>messages</c> is an array of <c>{role, content}</c> with roles <c>system</c>,
/// <c>user</c> and <c>assistant</c> exactly (the API's names), and any names <c>--map role.assistant=bot</c>
/// (say) adds (<see cref="DatasetReadOptions.RoleMap"/>). <c>content</c> must be a string: tool and function
/// messages and multi-part content are not instruction-response text and are reported, not guessed at.
/// See <see cref="Conversation"/> for the turn-order rules.
/// </summary>
internal static class OpenAiMessagesRow
{
    public static (Sample Sample, JsonElement? Id) Read(JsonElement row, long index, DatasetReadOptions names)
    {
        string list = names.Column("messages"), roleName = names.Column("role"), contentName = names.Column("content");
        var fields = RowFields.Collect(row, "", list, names.Column("id"));
        var messages = RowFields.Array(fields[0], list);
        var turns = new List<(Turn, string, string)>(messages.GetArrayLength());
        var i = 0;
        foreach (var message in messages.EnumerateArray())
        {
            var at = $"{list}[{i}]";
            if (message.ValueKind != JsonValueKind.Object)
                throw new RowProblem(at, $"{at} must be an object with '{roleName}' and '{contentName}', found {RowFields.Describe(message.ValueKind)}");
            var parts = RowFields.Collect(message, at + ".", roleName, contentName);
            var roleField = at + "." + roleName;
            var contentField = at + "." + contentName;
            var name = RowFields.NonEmptyText(parts[0], roleField);
            var role = names.MappedRole(name) ?? name switch
            {
                "system" => Role.System,
                "user" => Role.User,
                "assistant" => Role.Assistant,
                _ => throw DatasetReadOptions.UnknownRole(roleField, name, "system, user or assistant"),
            };
            if (parts[1] is not { } text)
                throw new RowProblem(contentField, $"{contentField} is missing, expected a string");
            turns.Add((new Turn(role, RowFields.Text(text, contentField)), contentField, roleField));
            i++;
        }
        return (Conversation.Build(index, turns, list), fields[1]);
    }
}

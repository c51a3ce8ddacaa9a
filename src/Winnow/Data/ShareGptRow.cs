using System.Text.Json;

namespace Winnow.Data;

/// <summary>
/// ShareGPT: <c>conversations</c> is an array of <c>{from, value}</c>. Roles (<c>from</c>, any letter case):
/// <c>human</c> and <c>user</c> are the user; <c>gpt</c>, <c>assistant</c>, <c>chatgpt</c>, <c>bing</c>,
/// <c>bard</c> and <c>model</c> are the assistant (names used by the ShareGPT scrapes, FastChat and
/// LLaMA-Factory exports); <c>system</c> is the system prompt. Anything else (tool or function turns, typos)
/// is an error rather than a guess, unless <c>--map role.assistant=bot</c> (say) names it
/// (<see cref="DatasetReadOptions.RoleMap"/>). An optional top-level <c>system</c> string (LLaMA-Factory's layout) becomes
/// the system turn. See <see cref="Conversation"/> for the turn-order rules.
/// </summary>
internal static class ShareGptRow
{
    public const string AcceptedRoles = "human, user, gpt, assistant, chatgpt, bing, bard, model or system";

    public static (Sample Sample, JsonElement? Id) Read(JsonElement row, long index, DatasetReadOptions names)
    {
        string list = names.Column("conversations"), fromName = names.Column("from"), valueName = names.Column("value");
        var fields = RowFields.Collect(row, "", list, names.Column("system"), names.Column("id"));
        var conversations = RowFields.Array(fields[0], list);
        var turns = new List<(Turn, string, string)>(conversations.GetArrayLength() + 1);
        var system = RowFields.OptionalText(fields[1], names.Column("system"));
        if (system.Length > 0)
            turns.Add((new Turn(Role.System, system), "system", "system"));
        var i = 0;
        foreach (var message in conversations.EnumerateArray())
        {
            var at = $"{list}[{i}]";
            if (message.ValueKind != JsonValueKind.Object)
                throw new RowProblem(at, $"{at} must be an object with '{fromName}' and '{valueName}', found {RowFields.Describe(message.ValueKind)}");
            var parts = RowFields.Collect(message, at + ".", fromName, valueName);
            var fromField = at + "." + fromName;
            var valueField = at + "." + valueName;
            var from = RowFields.NonEmptyText(parts[0], fromField);
            var role = names.MappedRole(from) ?? ParseRole(from, fromField);
            if (role == Role.System && system.Length > 0)
                throw new RowProblem(fromField, $"{fromField} is a system turn but the row also has a 'system' field, expected one system prompt");
            if (parts[1] is not { } text)
                throw new RowProblem(valueField, $"{valueField} is missing, expected a string");
            turns.Add((new Turn(role, RowFields.Text(text, valueField)), valueField, fromField));
            i++;
        }
        return (Conversation.Build(index, turns, list), fields[2]);
    }

    private static Role ParseRole(string from, string field) => from.ToLowerInvariant() switch
    {
        "human" or "user" => Role.User,
        "gpt" or "assistant" or "chatgpt" or "bing" or "bard" or "model" => Role.Assistant,
        "system" => Role.System,
        _ => throw DatasetReadOptions.UnknownRole(field, from, AcceptedRoles),
    };
}

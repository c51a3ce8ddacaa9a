namespace Winnow.Data;

/// <summary>
/// Turns a list of turns (ShareGPT or OpenAI messages) into a <see cref="Sample"/>: all turns are kept, the
/// instruction is the first user turn and the response the first assistant turn after it. A system turn may
/// only open the conversation; an empty system turn is dropped; user and assistant turns must not be blank.
/// </summary>
internal static class Conversation
{
    /// <param name="turns">The turns with the path of each one's text field, for messages.</param>
    /// <param name="listField">Name of the array field (<c>conversations</c> or <c>messages</c>).</param>
    public static Sample Build(long index, List<(Turn Turn, string TextField, string RoleField)> turns, string listField)
    {
        var kept = new List<Turn>(turns.Count);
        string? instruction = null;
        string? response = null;
        for (var i = 0; i < turns.Count; i++)
        {
            var (turn, textField, roleField) = turns[i];
            if (turn.Role == Role.System)
            {
                if (kept.Count > 0)
                    throw new RowProblem(roleField, $"{roleField} is a system turn after the conversation started, expected a system turn only first");
                if (!string.IsNullOrWhiteSpace(turn.Text))
                    kept.Add(turn);
                continue;
            }
            if (string.IsNullOrWhiteSpace(turn.Text))
                throw new RowProblem(textField, $"{textField} is empty, expected a non-empty string");
            if (turn.Role == Role.User)
                instruction ??= turn.Text;
            else if (instruction is not null)
                response ??= turn.Text;
            kept.Add(turn);
        }
        if (instruction is null)
            throw new RowProblem(listField, $"{listField} has no user turn, expected at least one user turn followed by an assistant turn");
        if (response is null)
            throw new RowProblem(listField, $"{listField} has no assistant turn after the first user turn, expected at least one exchange");
        return new Sample(index, kept, instruction, "", response);
    }
}

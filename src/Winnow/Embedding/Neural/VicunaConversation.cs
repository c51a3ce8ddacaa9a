using System.Text;
using Winnow.Data;

namespace Winnow.Embedding.Neural;

/// <summary>
/// FastChat's <c>vicuna_v1.1</c> rendering that Deita embeds (METHODS §4.3): the fixed system prompt + " ", then
/// "USER: {u} " and "ASSISTANT: {a}&lt;/s&gt;" per turn. Rows' own system turns and a leading assistant turn are
/// dropped, as Deita's converter does.
/// </summary>
public static class VicunaConversation
{
    public const string System = "A chat between a curious user and an artificial intelligence assistant. The assistant gives helpful, detailed, and polite answers to the user's questions.";

    public static string Render(Sample sample)
    {
        var text = new StringBuilder(System).Append(' ');
        var started = false;
        foreach (var turn in sample.Turns)
        {
            if (turn.Role == Role.System || (!started && turn.Role != Role.User))
                continue;
            started = true;
            if (turn.Role == Role.User)
                text.Append("USER: ").Append(turn.Text).Append(' ');
            else
                text.Append("ASSISTANT: ").Append(turn.Text).Append("</s>");
        }
        return text.ToString();
    }
}

using Winnow.Data;

namespace Winnow.Scoring.Neural;

/// <summary>
/// Deita's scorer prompts, byte-exact (METHODS §4.1: the double space, the space before "\n", the trailing space),
/// and its turn pairing: user turns paired with the assistant turn that follows; a trailing unanswered user turn gets
/// the response "". System turns are not scored.
/// </summary>
public static class DeitaPrompts
{
    public static string Complexity(string instruction) =>
        "You are a helpful assistant. Please identify the complexity score of the following user query. \n##Query: " + instruction + "  \n##Complexity: ";

    public static string Quality(string instruction, string response) =>
        "You are a helpful assistant. Please identify the quality score of the Response corresponding to the Question. \n #Question#:\n" + instruction + "\n#Response#:\n" + response + " \n##Quality: ";

    public static List<(string Instruction, string Response)> Exchanges(Sample sample)
    {
        var exchanges = new List<(string, string)>();
        string? pending = null;
        foreach (var turn in sample.Turns)
        {
            if (turn.Role == Role.User)
            {
                if (pending is not null)
                    exchanges.Add((pending, ""));
                pending = turn.Text;
            }
            else if (turn.Role == Role.Assistant && pending is not null)
            {
                exchanges.Add((pending, turn.Text));
                pending = null;
            }
        }
        if (pending is not null)
            exchanges.Add((pending, ""));
        return exchanges;
    }
}

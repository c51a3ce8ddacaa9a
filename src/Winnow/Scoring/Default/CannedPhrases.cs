namespace Winnow.Scoring.Default;

/// <summary>
/// Phrases that mark a refusal or a canned assistant disclaimer rather than an answer. A short selection of the
/// kind of list Cherry-LLM's WizardLM filter uses (METHODS §1.4 "filter.py"); matched case-insensitively.
/// </summary>
public static class CannedPhrases
{
    public static IReadOnlyList<string> All { get; } =
    [
        "as an ai language model", "as a language model", "as an ai assistant", "i'm sorry, but i", "i am sorry, but i",
        "i cannot fulfill", "i can't fulfill", "i am unable to", "i'm unable to", "i cannot provide", "i can't provide",
        "i do not have the ability", "i don't have the ability", "my knowledge cutoff", "september 2021",
        "i apologize, but", "it is not appropriate for me", "openai",
    ];

    public static bool Contains(string text)
    {
        foreach (var phrase in All)
        {
            if (text.Contains(phrase, StringComparison.OrdinalIgnoreCase))
                return true;
        }
        return false;
    }
}

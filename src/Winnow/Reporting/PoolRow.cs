namespace Winnow.Reporting;

/// <summary>
/// One readable row of the pool as a report shows it: source index, row id, prompt and response texts, word counts,
/// and the row's <c>source</c> field when the file has one (pools joined from several datasets carry it).
/// </summary>
public sealed record PoolRow(long Index, string Id, string Prompt, string Response, string? Source)
{
    public int PromptWords { get; } = WordCount(Prompt);

    public int ResponseWords { get; } = WordCount(Response);

    private static int WordCount(string text)
    {
        var count = 0;
        var inWord = false;
        foreach (var c in text)
        {
            var letter = !char.IsWhiteSpace(c);
            if (letter && !inWord)
                count++;
            inWord = letter;
        }
        return count;
    }
}

using System.Text.Json;

namespace Winnow.Data;

/// <summary>Chooses the row schema from the keys of one row (see <see cref="DatasetFormat.Auto"/> for the order).</summary>
internal static class FormatDetector
{
    public static DatasetFormat? FromKeys(JsonElement row, DatasetReadOptions names)
    {
        bool Has(string name) => row.TryGetProperty(names.Column(name), out _);
        if (Has("conversations"))
            return DatasetFormat.ShareGpt;
        if (Has("messages"))
            return DatasetFormat.OpenAiMessages;
        if (Has("instruction"))
            return DatasetFormat.Alpaca;
        if (Has("prompt") && Has("completion"))
            return DatasetFormat.PromptCompletion;
        return null;
    }

    public static string Unknown(JsonElement row)
    {
        var keys = string.Join(", ", row.EnumerateObject().Select(p => p.Name).Take(20));
        return $"cannot detect the dataset format from this row's keys [{keys}]: expected 'instruction' and 'output' (Alpaca), " +
               "'conversations' (ShareGPT), 'messages' (OpenAI messages) or 'prompt' and 'completion'; name your columns with --map (e.g. --map instruction=question,output=answer) and the format with --format";
    }
}

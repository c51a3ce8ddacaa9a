using System.Text.Json;

namespace Winnow.Serve;

/// <summary>One prompt of a request as token ids, with its text when it came as text.</summary>
internal sealed record PromptInput(int[] Ids, string? Text)
{
    /// <summary>
    /// Parses an OpenAI/vLLM prompt field: a string, a list of strings, a list of token ids or a list of such lists.
    /// Every prompt must be non-empty, within the model's context and the per-request count limit.
    /// </summary>
    public static List<PromptInput> Parse(JsonElement field, string name, ServedModel served, ServeOptions options, bool addSpecialTokens)
    {
        var prompts = new List<PromptInput>();
        if (field.ValueKind == JsonValueKind.String)
            prompts.Add(FromText(field.GetString()!, served, addSpecialTokens, name));
        else if (field.ValueKind == JsonValueKind.Array && field.GetArrayLength() > 0 && field[0].ValueKind == JsonValueKind.Number)
            prompts.Add(FromIds(field, served, name));
        else if (field.ValueKind == JsonValueKind.Array)
        {
            var i = 0;
            foreach (var item in field.EnumerateArray())
            {
                var where = $"{name}[{i++}]";
                prompts.Add(item.ValueKind switch
                {
                    JsonValueKind.String => FromText(item.GetString()!, served, addSpecialTokens, where),
                    JsonValueKind.Array => FromIds(item, served, where),
                    _ => throw ApiException.BadRequest($"{where} must be a string or a list of token ids", name),
                });
            }
        }
        else
            throw ApiException.BadRequest($"field '{name}' must be a string, a list of strings, a list of token ids or a list of such lists", name);
        if (prompts.Count == 0)
            throw ApiException.BadRequest($"field '{name}' is an empty list", name);
        if (prompts.Count > options.MaxPromptsPerRequest)
            throw ApiException.BadRequest($"{prompts.Count} prompts in one request; this server takes at most {options.MaxPromptsPerRequest} (--max-prompts)", name);
        return prompts;
    }

    private static PromptInput FromText(string text, ServedModel served, bool addSpecialTokens, string where)
    {
        var ids = served.RequireTokenizer("a text prompt").Encode(text, addSpecialTokens).Ids;
        return Checked(new PromptInput(ids, text), served, where);
    }

    private static PromptInput FromIds(JsonElement array, ServedModel served, string where)
    {
        var ids = new int[array.GetArrayLength()];
        var t = 0;
        foreach (var item in array.EnumerateArray())
        {
            if (item.ValueKind != JsonValueKind.Number || !item.TryGetInt32(out var id) || (uint)id >= (uint)served.Model.VocabSize)
                throw ApiException.BadRequest($"{where}[{t}] must be a token id in 0..{served.Model.VocabSize - 1}, found {item.GetRawText()}");
            ids[t++] = id;
        }
        return Checked(new PromptInput(ids, null), served, where);
    }

    private static PromptInput Checked(PromptInput prompt, ServedModel served, string where)
    {
        if (prompt.Ids.Length == 0)
            throw ApiException.BadRequest($"{where} has no tokens");
        if (prompt.Ids.Length > served.MaxContext)
            throw ApiException.BadRequest($"{where} has {prompt.Ids.Length} tokens; the model's context is {served.MaxContext}");
        return prompt;
    }
}

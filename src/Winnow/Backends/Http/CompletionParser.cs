using System.Globalization;
using System.Text.Json;

namespace Winnow.Backends.Http;

/// <summary>
/// Reads the log-probabilities out of an OpenAI/vLLM /v1/completions answer, checking every promise the scorer relies
/// on: one choice per prompt, one entry per prompt token, the actual token present, ids where ids were asked for.
/// Shapes: vLLM's <c>choices[i].prompt_logprobs</c> = [null, {"id": {"logprob", "rank", "decoded_token"}}, …];
/// OpenAI's echo <c>choices[i].logprobs</c> = {tokens, token_logprobs: [null, …], top_logprobs: [null, {token: lp}, …]}
/// with tokens written "token_id:N" under <c>return_tokens_as_token_ids</c>.
/// </summary>
internal static class CompletionParser
{
    /// <summary>Per prompt: log p(ids[i] | ids[..i]) for i = 1..T−1, from prompt_logprobs.</summary>
    public static float[][] PromptLogProbs(string body, IReadOnlyList<int[]> prompts) =>
        Choices(body, prompts.Count, (choice, i) =>
        {
            var ids = prompts[i];
            if (!choice.TryGetProperty("prompt_logprobs", out var list) || list.ValueKind != JsonValueKind.Array)
                throw new ServerResponseException($"choice {i} has no prompt_logprobs list (the server ignored prompt_logprobs)");
            if (list.GetArrayLength() != ids.Length)
                throw new ServerResponseException($"choice {i} has {list.GetArrayLength()} prompt_logprobs entries for {ids.Length} prompt tokens");
            var values = new float[ids.Length - 1];
            for (var t = 1; t < ids.Length; t++)
            {
                var entry = list[t];
                var key = ids[t].ToString(CultureInfo.InvariantCulture);
                if (entry.ValueKind != JsonValueKind.Object || !entry.TryGetProperty(key, out var logprob))
                    throw new ServerResponseException($"choice {i} prompt_logprobs[{t}] lacks the actual token {key}");
                values[t - 1] = LogProb(logprob.ValueKind == JsonValueKind.Object ? logprob.GetProperty("logprob") : logprob, $"choice {i} prompt_logprobs[{t}]");
            }
            return values;
        });

    /// <summary>Per prompt: log p(ids[i] | ids[..i]) for i = 1..T−1, from echo + logprobs (token_logprobs[0] is null).</summary>
    public static float[][] EchoLogProbs(string body, IReadOnlyList<int[]> prompts) =>
        Choices(body, prompts.Count, (choice, i) =>
        {
            var ids = prompts[i];
            var logprobs = OpenAiLogprobs(choice, i);
            var values = logprobs.GetProperty("token_logprobs");
            var tokens = logprobs.GetProperty("tokens");
            if (values.GetArrayLength() < ids.Length || tokens.GetArrayLength() < ids.Length)
                throw new ServerResponseException($"choice {i} echoed {values.GetArrayLength()} token log-probs for {ids.Length} prompt tokens");
            var result = new float[ids.Length - 1];
            for (var t = 1; t < ids.Length; t++)
            {
                var id = TokenId(tokens[t], $"choice {i} tokens[{t}]");
                if (id != ids[t])
                    throw new ServerResponseException($"choice {i} echoed token {id} at position {t} where the prompt has {ids[t]}");
                result[t - 1] = LogProb(values[t], $"choice {i} token_logprobs[{t}]");
            }
            return result;
        });

    /// <summary>Per prompt: the top-k of the next token after the prompt (max_tokens 1, logprobs k, token ids as keys).</summary>
    public static TopToken[][] NextTopLogProbs(string body, int prompts) =>
        Choices(body, prompts, (choice, i) =>
        {
            var top = OpenAiLogprobs(choice, i).GetProperty("top_logprobs");
            if (top.ValueKind != JsonValueKind.Array || top.GetArrayLength() == 0 || top[top.GetArrayLength() - 1].ValueKind != JsonValueKind.Object)
                throw new ServerResponseException($"choice {i} has no top_logprobs for the generated token");
            return top[top.GetArrayLength() - 1].EnumerateObject()
                .Select(p => new TopToken(TokenId(p.Name, $"choice {i} top_logprobs key"), LogProb(p.Value, $"choice {i} top_logprobs")))
                .OrderByDescending(t => t.LogProb).ThenBy(t => t.Id)
                .ToArray();
        });

    private static JsonElement OpenAiLogprobs(JsonElement choice, int i) =>
        choice.TryGetProperty("logprobs", out var logprobs) && logprobs.ValueKind == JsonValueKind.Object
            && logprobs.TryGetProperty("token_logprobs", out var v) && v.ValueKind == JsonValueKind.Array
            && logprobs.TryGetProperty("tokens", out var t) && t.ValueKind == JsonValueKind.Array
            ? logprobs
            : throw new ServerResponseException($"choice {i} has no logprobs with tokens and token_logprobs");

    private static T[] Choices<T>(string body, int expected, Func<JsonElement, int, T> read)
    {
        JsonDocument document;
        try
        {
            document = JsonDocument.Parse(body);
        }
        catch (JsonException e)
        {
            throw new ServerResponseException($"the answer is not valid JSON ({e.Message}): {ServerResponseException.Quote(body)}");
        }
        using (document)
        {
            if (document.RootElement.ValueKind != JsonValueKind.Object || !document.RootElement.TryGetProperty("choices", out var choices) || choices.ValueKind != JsonValueKind.Array)
                throw new ServerResponseException($"the answer has no choices list: {ServerResponseException.Quote(body)}");
            if (choices.GetArrayLength() != expected)
                throw new ServerResponseException($"the answer has {choices.GetArrayLength()} choices for {expected} prompts");
            var result = new T[expected];
            var seen = new bool[expected];
            foreach (var choice in choices.EnumerateArray())
            {
                var index = choice.TryGetProperty("index", out var ix) && ix.TryGetInt32(out var n) && n >= 0 && n < expected && !seen[n]
                    ? n
                    : throw new ServerResponseException($"a choice has a missing, repeated or out-of-range index (expected 0..{expected - 1})");
                seen[index] = true;
                try
                {
                    result[index] = read(choice, index);
                }
                catch (Exception e) when (e is InvalidOperationException or KeyNotFoundException or FormatException)
                {
                    throw new ServerResponseException($"choice {index} does not have the expected shape: {e.Message}");
                }
            }
            return result;
        }
    }

    private static int TokenId(JsonElement token, string where) =>
        token.ValueKind == JsonValueKind.String ? TokenId(token.GetString()!, where) : throw new ServerResponseException($"{where} is not a string");

    /// <summary>"token_id:N" (vLLM's return_tokens_as_token_ids); anything else means the server cannot name ids.</summary>
    private static int TokenId(string text, string where) =>
        text.StartsWith("token_id:", StringComparison.Ordinal) && int.TryParse(text.AsSpan(9), NumberStyles.None, CultureInfo.InvariantCulture, out var id)
            ? id
            : throw new ServerResponseException($"{where} is '{ServerResponseException.Quote(text)}', not 'token_id:N' (the server ignores return_tokens_as_token_ids)");

    private static float LogProb(JsonElement value, string where) => value.ValueKind switch
    {
        JsonValueKind.Number => (float)value.GetDouble(),
        JsonValueKind.String when value.GetString() == "-Infinity" => float.NegativeInfinity,
        _ => throw new ServerResponseException($"{where} is {ServerResponseException.Quote(value.GetRawText())}, not a log-probability"),
    };
}

using System.Text.Json.Nodes;

namespace Winnow.Backends.Http;

/// <summary>How prompt-token log-probabilities are asked for: vLLM's prompt_logprobs with k, or OpenAI's echo + logprobs.</summary>
internal enum PromptLogProbMode
{
    PromptLogprobs,
    Echo,
}

/// <summary>
/// The /v1/completions requests the scorers need, always with token-id prompts (the answer span is fixed by ids, not
/// by the server re-tokenising text) and max_tokens 1 (some servers refuse 0): prompt-token log-probs, the next
/// token's top-k, and the next-token log-probs of chosen ids (from the top-k when all are inside it, else exactly, by
/// scoring each continuation's last token with prompt log-probs).
/// </summary>
internal sealed class CompletionsClient(ReplicaPool pool, string model, PromptLogProbMode mode, int promptTopK)
{
    public PromptLogProbMode Mode => mode;

    public int PromptTopK => promptTopK;

    public async Task<float[]> TokenLogProbs(int[] ids, CancellationToken cancellationToken)
    {
        if (ids.Length < 2)
            return [];
        var body = await pool.Send("v1/completions", Request([ids], mode == PromptLogProbMode.Echo), cancellationToken).ConfigureAwait(false);
        return (mode == PromptLogProbMode.Echo ? CompletionParser.EchoLogProbs(body, [ids]) : CompletionParser.PromptLogProbs(body, [ids]))[0];
    }

    public async Task<TopToken[]> NextTop(int[] ids, int k, CancellationToken cancellationToken)
    {
        var request = Base([ids]);
        request["logprobs"] = k;
        var body = await pool.Send("v1/completions", request.ToJsonString(), cancellationToken).ConfigureAwait(false);
        return CompletionParser.NextTopLogProbs(body, 1)[0];
    }

    /// <summary>log p(c | ids) for every c of <paramref name="chosen"/>; <paramref name="topK"/> 0 skips the top-k attempt.</summary>
    public async Task<double[]> ChosenNext(int[] ids, IReadOnlyList<int> chosen, int topK, CancellationToken cancellationToken)
    {
        if (topK > 0)
        {
            var top = (await NextTop(ids, topK, cancellationToken).ConfigureAwait(false)).ToDictionary(t => t.Id, t => t.LogProb);
            if (chosen.All(top.ContainsKey))
                return chosen.Select(c => top[c]).ToArray();
        }
        var continuations = chosen.Select(c => (int[])[.. ids, c]).ToArray();
        var body = await pool.Send("v1/completions", Request(continuations, mode == PromptLogProbMode.Echo), cancellationToken).ConfigureAwait(false);
        var values = mode == PromptLogProbMode.Echo ? CompletionParser.EchoLogProbs(body, continuations) : CompletionParser.PromptLogProbs(body, continuations);
        return values.Select(v => (double)v[^1]).ToArray();
    }

    private string Request(int[][] prompts, bool echo)
    {
        var request = Base(prompts);
        if (echo)
        {
            request["echo"] = true;
            request["logprobs"] = 0;
        }
        else
            request["prompt_logprobs"] = promptTopK;
        return request.ToJsonString();
    }

    private JsonObject Base(int[][] prompts) => new()
    {
        ["model"] = model,
        ["prompt"] = prompts.Length == 1 ? Ids(prompts[0]) : new JsonArray(prompts.Select(p => (JsonNode)Ids(p)).ToArray()),
        ["max_tokens"] = 1,
        ["temperature"] = 0,
        ["return_tokens_as_token_ids"] = true,
    };

    private static JsonArray Ids(int[] ids) => new(ids.Select(i => (JsonNode)i).ToArray());
}

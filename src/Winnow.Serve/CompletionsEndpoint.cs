using System.Text.Json.Nodes;
using Microsoft.AspNetCore.Http;

namespace Winnow.Serve;

/// <summary>
/// POST /v1/completions in the vLLM shape: text or token-id prompts, max_tokens 0 or 1 (greedy), echo with OpenAI
/// logprobs (top_logprobs, token_logprobs, text_offset), and vLLM's prompt_logprobs (top-k plus the actual token,
/// keyed by token id). return_tokens_as_token_ids writes tokens as "token_id:N". Temperature is accepted and ignored:
/// the one generated token is always the arg-max.
/// </summary>
internal sealed class CompletionsEndpoint(ServedModel served, ForwardQueue queue, ServeOptions options)
{
    public async Task<IResult> Handle(HttpRequest request, CancellationToken cancellationToken)
    {
        var body = await RequestJson.ReadFor(request, served, cancellationToken).ConfigureAwait(false);
        var n = body.Int("n", 1, 1);
        var maxTokens = body.Int("max_tokens", 0, 1, " (winnow serve generates at most one token; it serves scoring, not generation)") ?? 1;
        var echo = body.Bool("echo", false);
        var hint = $" (--max-top-logprobs)";
        var logprobs = body.Int("logprobs", 0, options.MaxTopLogProbs, hint);
        var promptLogprobs = body.Int("prompt_logprobs", 0, options.MaxTopLogProbs, hint);
        var asIds = body.Bool("return_tokens_as_token_ids", false);
        body.Number("temperature");
        var prompts = PromptInput.Parse(body.Required("prompt"), "prompt", served, options, body.Bool("add_special_tokens", true));
        var request1 = new CompletionRequest(maxTokens, echo, logprobs, promptLogprobs, asIds);
        var choices = await Task.WhenAll(prompts.Select((p, i) => Choice(i, p, request1, cancellationToken))).ConfigureAwait(false);
        var promptTokens = prompts.Sum(p => p.Ids.Length);
        return Results.Json(new JsonObject
        {
            ["id"] = "cmpl-" + Guid.NewGuid().ToString("N"),
            ["object"] = "text_completion",
            ["created"] = DateTimeOffset.UtcNow.ToUnixTimeSeconds(),
            ["model"] = served.Name,
            ["choices"] = new JsonArray(choices),
            ["usage"] = new JsonObject
            {
                ["prompt_tokens"] = promptTokens,
                ["completion_tokens"] = maxTokens * prompts.Count,
                ["total_tokens"] = promptTokens + maxTokens * prompts.Count,
            },
        });
    }

    private sealed record CompletionRequest(int MaxTokens, bool Echo, int? Logprobs, int? PromptLogprobs, bool AsIds);

    private async Task<JsonNode?> Choice(int index, PromptInput prompt, CompletionRequest r, CancellationToken cancellationToken)
    {
        var ids = prompt.Ids;
        var t = ids.Length;
        var promptTopK = Math.Max(r.PromptLogprobs ?? 0, r.Echo ? r.Logprobs ?? 0 : 0);
        var wantPrompt = r.PromptLogprobs is not null || (r.Echo && r.Logprobs is not null);
        var generateTopK = Math.Max(1, r.Logprobs ?? 0);

        // Position p predicts token p + 1; position T − 1 predicts the generated token.
        ForwardJob? values = null, distributions = null;
        if (wantPrompt && promptTopK > 0)
        {
            var positions = Enumerable.Range(0, r.MaxTokens == 1 ? t : t - 1).ToArray();
            var chosen = positions.Select(p => p + 1 < t ? ids[p + 1] : -1).ToArray();
            distributions = new ForwardJob(ForwardKind.Distributions, ids, positions, chosen, Math.Max(promptTopK, generateTopK));
        }
        else
        {
            if (wantPrompt)
                values = new ForwardJob(ForwardKind.TokenLogProbs, ids, [], [], 0);
            if (r.MaxTokens == 1)
                distributions = new ForwardJob(ForwardKind.Distributions, ids, [t - 1], [-1], generateTopK);
        }
        var pending = new[] { values, distributions }.Where(j => j is not null).Select(j => queue.Run(j!, cancellationToken));
        await Task.WhenAll(pending).ConfigureAwait(false);

        var last = r.MaxTokens == 1 ? distributions!.Distributions[^1] : null;
        var generated = last is null ? null : last with { ChosenId = last.TopIds[0], ChosenLogProb = last.TopLogProbs[0], ChosenRank = 1 };
        var promptText = prompt.Text ?? (served.Tokenizer?.Decode(ids) ?? "");
        var generatedText = generated is null ? "" : served.Tokenizer?.Decode([generated.ChosenId]) ?? "";
        var choice = new JsonObject
        {
            ["index"] = index,
            ["text"] = (r.Echo ? promptText : "") + generatedText,
            ["logprobs"] = r.Logprobs is null ? null : OpenAiLogprobs(ids, r, values, distributions, generated),
            ["finish_reason"] = "length",
            ["stop_reason"] = null,
            ["prompt_token_ids"] = new JsonArray(ids.Select(i => (JsonNode)i).ToArray()),
        };
        if (generated is not null)
            choice["token_ids"] = new JsonArray(generated.ChosenId);
        if (r.PromptLogprobs is not null)
            choice["prompt_logprobs"] = VllmPromptLogprobs(ids, r, values, distributions);
        return choice;
    }

    private JsonArray VllmPromptLogprobs(int[] ids, CompletionRequest r, ForwardJob? values, ForwardJob? distributions)
    {
        var list = new JsonArray { null };
        for (var i = 1; i < ids.Length; i++)
        {
            list.Add(values is not null
                ? LogProbJson.VllmActualOnly(ids[i], values.TokenLogProbs[i - 1], served, r.AsIds)
                : LogProbJson.VllmEntry(Trim(distributions!.Distributions[i - 1], r.PromptLogprobs!.Value), served, r.AsIds));
        }
        return list;
    }

    private JsonObject OpenAiLogprobs(int[] ids, CompletionRequest r, ForwardJob? values, ForwardJob? distributions, PositionLogProbs? generated)
    {
        var tokens = new JsonArray();
        var tokenLogprobs = new JsonArray();
        var top = new JsonArray();
        var offsets = new JsonArray();
        var offset = 0;
        void Add(int id, JsonNode? logprob, JsonNode? topEntry)
        {
            tokens.Add(served.TokenText(id, r.AsIds));
            tokenLogprobs.Add(logprob);
            top.Add(topEntry);
            offsets.Add(offset);
            offset += served.Tokenizer?.Decode([id]).Length ?? 0;
        }
        if (r.Echo)
        {
            Add(ids[0], null, null);
            for (var i = 1; i < ids.Length; i++)
            {
                if (values is not null)
                {
                    var lp = values.TokenLogProbs[i - 1];
                    Add(ids[i], LogProbJson.Value(lp), new JsonObject { [served.TokenText(ids[i], r.AsIds)] = LogProbJson.Value(lp) });
                }
                else
                {
                    var p = Trim(distributions!.Distributions[i - 1], r.Logprobs!.Value);
                    Add(ids[i], LogProbJson.Value(p.ChosenLogProb), LogProbJson.OpenAiTop(p, served, r.AsIds));
                }
            }
        }
        if (generated is not null)
            Add(generated.ChosenId, LogProbJson.Value(generated.ChosenLogProb), LogProbJson.OpenAiTop(Trim(generated, r.Logprobs!.Value), served, r.AsIds));
        return new JsonObject { ["text_offset"] = offsets, ["token_logprobs"] = tokenLogprobs, ["tokens"] = tokens, ["top_logprobs"] = top };
    }

    /// <summary>The first k of a position's top list (one pass computed the largest k any field of the request asked for).</summary>
    private static PositionLogProbs Trim(PositionLogProbs p, int k) =>
        p.TopIds.Length <= k ? p : p with { TopIds = p.TopIds[..k], TopLogProbs = p.TopLogProbs[..k] };
}

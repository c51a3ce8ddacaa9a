using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;
using Microsoft.AspNetCore.Http;

namespace Winnow.Serve;

/// <summary>
/// POST /v1/chat/completions: greedy, short replies (for LLM-judge scorers against a local model). The messages are
/// rendered as "role: content" lines followed by "assistant:" — the served folder's Jinja chat template is not
/// run, so replies of chat-tuned models differ from a template-aware server's. Each reply token is one forward
/// pass through the batching queue (no KV cache), which is why replies are capped by --max-chat-tokens.
/// logprobs/top_logprobs are returned in the OpenAI chat shape.
/// </summary>
internal sealed class ChatEndpoint(ServedModel served, ForwardQueue queue, ServeOptions options)
{
    public async Task<IResult> Handle(HttpRequest request, CancellationToken cancellationToken)
    {
        var body = await RequestJson.ReadFor(request, served, cancellationToken).ConfigureAwait(false);
        body.Int("n", 1, 1);
        body.Number("temperature");
        body.Int("seed", int.MinValue, int.MaxValue);
        var limit = $" (--max-chat-tokens)";
        var maxTokens = body.Int("max_completion_tokens", 1, options.MaxChatTokens, limit) ?? body.Int("max_tokens", 1, options.MaxChatTokens, limit) ?? options.MaxChatTokens;
        var logprobs = body.Bool("logprobs", false);
        var topLogprobs = body.Int("top_logprobs", 0, options.MaxTopLogProbs, " (--max-top-logprobs)") ?? 0;
        var tokenizer = served.RequireTokenizer("chat");
        var ids = tokenizer.Encode(Render(body.Required("messages"))).Ids.ToList();
        var promptTokens = ids.Count;
        var reply = new List<int>();
        var content = new JsonArray();
        var finish = "length";
        for (var step = 0; step < maxTokens; step++)
        {
            if (ids.Count > served.MaxContext)
                throw ApiException.BadRequest($"the conversation has {ids.Count} tokens; the model's context is {served.MaxContext}", "messages");
            var job = await queue.Run(new ForwardJob(ForwardKind.Distributions, ids.ToArray(), [ids.Count - 1], [-1], Math.Max(1, topLogprobs)), cancellationToken).ConfigureAwait(false);
            var p = job.Distributions[0];
            var next = p.TopIds[0];
            if (next == tokenizer.EosTokenId)
            {
                finish = "stop";
                break;
            }
            reply.Add(next);
            ids.Add(next);
            if (logprobs)
                content.Add(ChatLogprob(next, p.TopLogProbs[0], p, topLogprobs));
        }
        return Results.Json(new JsonObject
        {
            ["id"] = "chatcmpl-" + Guid.NewGuid().ToString("N"),
            ["object"] = "chat.completion",
            ["created"] = DateTimeOffset.UtcNow.ToUnixTimeSeconds(),
            ["model"] = served.Name,
            ["choices"] = new JsonArray(new JsonObject
            {
                ["index"] = 0,
                ["message"] = new JsonObject { ["role"] = "assistant", ["content"] = tokenizer.Decode(reply.ToArray()) },
                ["logprobs"] = logprobs ? new JsonObject { ["content"] = content } : null,
                ["finish_reason"] = finish,
            }),
            ["usage"] = new JsonObject
            {
                ["prompt_tokens"] = promptTokens,
                ["completion_tokens"] = reply.Count,
                ["total_tokens"] = promptTokens + reply.Count,
            },
        });
    }

    private JsonObject ChatLogprob(int id, float logProb, PositionLogProbs p, int topK)
    {
        var top = new JsonArray();
        for (var k = 0; k < Math.Min(topK, p.TopIds.Length); k++)
            top.Add(Entry(p.TopIds[k], p.TopLogProbs[k]));
        var entry = Entry(id, logProb);
        entry["top_logprobs"] = top;
        return entry;
    }

    private JsonObject Entry(int id, float logProb)
    {
        var text = served.Tokenizer!.Decode([id]);
        return new JsonObject
        {
            ["token"] = text,
            ["logprob"] = LogProbJson.Value(logProb),
            ["bytes"] = new JsonArray(Encoding.UTF8.GetBytes(text).Select(b => (JsonNode)(int)b).ToArray()),
        };
    }

    private static string Render(JsonElement messages)
    {
        if (messages.ValueKind != JsonValueKind.Array || messages.GetArrayLength() == 0)
            throw ApiException.BadRequest("field 'messages' must be a non-empty list of {role, content}", "messages");
        var text = new StringBuilder();
        var i = 0;
        foreach (var m in messages.EnumerateArray())
        {
            if (m.ValueKind != JsonValueKind.Object
                || !m.TryGetProperty("role", out var role) || role.ValueKind != JsonValueKind.String
                || !m.TryGetProperty("content", out var content) || content.ValueKind != JsonValueKind.String)
                throw ApiException.BadRequest($"messages[{i}] must be an object with string 'role' and 'content'", "messages");
            text.Append(role.GetString()).Append(": ").Append(content.GetString()).Append('\n');
            i++;
        }
        return text.Append("assistant:").ToString();
    }
}

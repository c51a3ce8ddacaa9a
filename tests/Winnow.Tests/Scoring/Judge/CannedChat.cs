using System.Collections.Concurrent;
using System.Text.Json.Nodes;
using Microsoft.AspNetCore.Http;
using Winnow.Tests.Backends.Http;

namespace Winnow.Tests.Scoring.Judge;

/// <summary>
/// A loopback chat server answering /v1/chat/completions with canned replies chosen from the request's last message
/// (so concurrent rows get their own), in the OpenAI chat shape with or without per-token top log-probs. It keeps every
/// request body and Authorization header it received.
/// </summary>
public sealed class CannedChat : IAsyncDisposable
{
    private readonly ScriptedServer _server;

    private CannedChat(ScriptedServer server) => _server = server;

    public ConcurrentQueue<JsonObject> Requests { get; } = new();

    public ConcurrentQueue<string> Authorizations { get; } = new();

    public Uri Address => _server.Address;

    public int Calls => _server.Calls;

    /// <summary>A canned answer: an HTTP status with a chat reply (tokens with their top alternatives when given), or an error body.</summary>
    public sealed record Answer(int Status, string? Reply = null, IReadOnlyList<(string Token, (string Token, double LogProb)[] Top)>? Tokens = null, string? RetryAfter = null);

    /// <summary>Starts a server whose <paramref name="answer"/> sees the last message's content and the call number.</summary>
    public static async Task<CannedChat> Start(Func<string, int, Answer> answer)
    {
        CannedChat? chat = null;
        var server = await ScriptedServer.Start(async (context, call) =>
        {
            var request = (await JsonNode.ParseAsync(context.Request.Body))!.AsObject();
            chat!.Requests.Enqueue(request);
            chat.Authorizations.Enqueue(context.Request.Headers.Authorization.ToString());
            var messages = request["messages"]!.AsArray();
            var a = answer(messages[^1]!["content"]!.GetValue<string>(), call);
            await ScriptedServer.Json(context, a.Status, a.Reply is null ? "{\"error\":{\"message\":\"canned failure\"}}" : Completion(a).ToJsonString(), a.RetryAfter);
        }, "/v1/chat/completions");
        chat = new CannedChat(server);
        return chat;
    }

    /// <summary>Tokens with one alternative each, the token itself with log-prob 0 (for replies whose probabilities do not matter).</summary>
    public static (string, (string, double)[])[] Certain(params string[] tokens) => tokens.Select(t => (t, new[] { (t, 0.0) })).ToArray();

    private static JsonObject Completion(Answer a) => new()
    {
        ["id"] = "chatcmpl-canned",
        ["object"] = "chat.completion",
        ["created"] = 1700000000,
        ["model"] = ScriptedServer.ModelName,
        ["choices"] = new JsonArray(new JsonObject
        {
            ["index"] = 0,
            ["message"] = new JsonObject { ["role"] = "assistant", ["content"] = a.Reply },
            ["logprobs"] = a.Tokens is null ? null : new JsonObject
            {
                ["content"] = new JsonArray(a.Tokens.Select(t => (JsonNode)Entry(t.Token, t.Top.FirstOrDefault(x => x.Token == t.Token, (Token: t.Token, LogProb: -1.0)).LogProb, t.Top)).ToArray()),
            },
            ["finish_reason"] = "stop",
        }),
        ["usage"] = new JsonObject { ["prompt_tokens"] = 10, ["completion_tokens"] = 3, ["total_tokens"] = 13 },
    };

    private static JsonObject Entry(string token, double logProb, (string Token, double LogProb)[]? top)
    {
        var entry = new JsonObject
        {
            ["token"] = token,
            ["logprob"] = logProb,
            ["bytes"] = new JsonArray(System.Text.Encoding.UTF8.GetBytes(token).Select(b => (JsonNode)(int)b).ToArray()),
        };
        if (top is not null)
            entry["top_logprobs"] = new JsonArray(top.Select(t => (JsonNode)Entry(t.Token, t.LogProb, null)).ToArray());
        return entry;
    }

    public ValueTask DisposeAsync() => _server.DisposeAsync();
}

using OpenAI.Chat;
using Winnow.Backends.Http;

namespace Winnow.Scoring.Judge;

/// <summary>
/// The judge's connection: the official OpenAI library's chat client on each replica (<see cref="OpenAiReplica"/>:
/// retries in the replica's resilience handler — 429 with Retry-After, 5xx, timeouts, resets), each request to the
/// least-loaded replica within its concurrency bound. A <see cref="ServerUnavailableException"/> stops the run for a
/// later resume; a <see cref="ServerResponseException"/> (a refused request, a broken answer) is that row's error.
/// </summary>
internal sealed class ChatJudgeClient : IDisposable
{
    private readonly ReplicaPool _pool;
    private readonly Dictionary<ReplicaClient, ChatClient> _chats;

    private ChatJudgeClient(ReplicaPool pool, Dictionary<ReplicaClient, ChatClient> chats, string model)
    {
        _pool = pool;
        _chats = chats;
        Model = model;
    }

    /// <summary>The served model every replica lists.</summary>
    public string Model { get; }

    public static ChatJudgeClient Open(HttpBackendOptions options)
    {
        var pool = new ReplicaPool(options);
        try
        {
            var (model, _) = ServerProbe.Models(pool, options.ServedModel, CancellationToken.None).GetAwaiter().GetResult();
            var credential = OpenAiReplica.Credential(options);
            var chats = pool.Replicas.ToDictionary(r => r, r => new ChatClient(model, credential, OpenAiReplica.Options(r)));
            return new ChatJudgeClient(pool, chats, model);
        }
        catch
        {
            pool.Dispose();
            throw;
        }
    }

    /// <summary>One greedy reply (temperature 0, the given seed) to <paramref name="system"/> and <paramref name="user"/>.</summary>
    public Task<ChatReply> Ask(string? system, string user, int maxTokens, int seed, int topLogProbs, CancellationToken cancellationToken)
    {
        var replica = _pool.Pick();
        List<ChatMessage> messages = system is null ? [new UserChatMessage(user)] : [new SystemChatMessage(system), new UserChatMessage(user)];
        var options = new ChatCompletionOptions { Temperature = 0, MaxOutputTokenCount = maxTokens };
#pragma warning disable OPENAI001 // Seed is marked experimental in the library; servers (vLLM, winnow serve) take it, and it is recorded.
        options.Seed = seed;
#pragma warning restore OPENAI001
        if (topLogProbs > 0)
        {
            options.IncludeLogProbabilities = true;
            options.TopLogProbabilityCount = topLogProbs;
        }
        const string path = "v1/chat/completions";
        return OpenAiReplica.Run(replica, path, async () =>
        {
            var completion = (await _chats[replica].CompleteChatAsync(messages, options, cancellationToken).ConfigureAwait(false)).Value;
            return Reply(completion, replica.BaseAddress + path);
        }, cancellationToken);
    }

    private static ChatReply Reply(ChatCompletion completion, string where)
    {
        var text = string.Concat(completion.Content.Where(p => p.Kind == ChatMessageContentPartKind.Text).Select(p => p.Text));
        if (text.Length == 0 && completion.Refusal is { Length: > 0 })
            throw new ServerResponseException($"{where}: the judge refused to answer: {ServerResponseException.Quote(completion.Refusal)}");
        var tokens = completion.ContentTokenLogProbabilities is { Count: > 0 } logProbs
            ? logProbs.Select(t => new ReplyToken(t.Token, t.TopLogProbabilities.Select(a => (a.Token, (double)a.LogProbability)).ToArray())).ToArray()
            : null;
        return new ChatReply(text, tokens);
    }

    public void Dispose() => _pool.Dispose();
}

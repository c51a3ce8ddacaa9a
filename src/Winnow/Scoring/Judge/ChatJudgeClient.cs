using OpenAI.Chat;
using Winnow.Backends.Http;

namespace Winnow.Scoring.Judge;

/// <summary>
/// The judge's connection: the official OpenAI library's chat client on each replica (<see cref="OpenAiReplicas{TClient}"/>:
/// retries in the replica's resilience handler — 429 with Retry-After, 5xx, timeouts, resets), each request to the
/// least-loaded replica within its concurrency bound. A <see cref="ServerUnavailableException"/> stops the run for a
/// later resume; a <see cref="ServerResponseException"/> (a refused request, a broken answer) is that row's error.
/// </summary>
internal sealed class ChatJudgeClient : IDisposable
{
    private readonly OpenAiReplicas<ChatClient> _replicas;

    private ChatJudgeClient(OpenAiReplicas<ChatClient> replicas) => _replicas = replicas;

    /// <summary>The served model every replica lists.</summary>
    public string Model => _replicas.Model;

    public static ChatJudgeClient Open(HttpBackendOptions options) =>
        new(OpenAiReplicas<ChatClient>.Open(options, (model, key, clientOptions) => new ChatClient(model, key, clientOptions)));

    /// <summary>One greedy reply (temperature 0, the given seed) to <paramref name="system"/> and <paramref name="user"/>.</summary>
    public Task<ChatReply> Ask(string? system, string user, int maxTokens, int seed, int topLogProbs, CancellationToken cancellationToken)
    {
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
        return _replicas.Run("v1/chat/completions", async (chat, where) =>
            Reply((await chat.CompleteChatAsync(messages, options, cancellationToken).ConfigureAwait(false)).Value, where), cancellationToken);
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

    public void Dispose() => _replicas.Dispose();
}

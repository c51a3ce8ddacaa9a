namespace Winnow.Serve;

/// <summary>
/// Where <c>winnow serve</c> listens and the limits that keep one server's memory and latency bounded. Every limit
/// that a request exceeds is answered with a 4xx naming the limit and the option that raises it.
/// </summary>
public sealed record ServeOptions
{
    /// <summary>Interface to bind; loopback unless the user asks for more.</summary>
    public string Host { get; init; } = "127.0.0.1";

    /// <summary>TCP port; 0 picks a free one (tests, benchmarks).</summary>
    public int Port { get; init; } = 8000;

    /// <summary>Name reported by /v1/models and accepted in requests' "model"; default: the folder name.</summary>
    public string? ServedModelName { get; init; }

    /// <summary>Largest request body (bytes); larger bodies get 413.</summary>
    public long MaxRequestBytes { get; init; } = 8L << 20;

    /// <summary>Most prompts (or inputs) in one request.</summary>
    public int MaxPromptsPerRequest { get; init; } = 64;

    /// <summary>Requests handled at once; more wait in a queue of <see cref="MaxQueuedRequests"/>, beyond that 429.</summary>
    public int MaxConcurrentRequests { get; init; } = 256;

    public int MaxQueuedRequests { get; init; } = 1024;

    /// <summary>Most sequences in one forward pass of the batching queue.</summary>
    public int MaxBatchRows { get; init; } = 32;

    /// <summary>Most tokens in one forward pass (a longer single sequence runs alone).</summary>
    public int MaxBatchTokens { get; init; } = 16384;

    /// <summary>
    /// Most positions whose full vocabulary distribution is held at once (top-k log-probs need it); each costs
    /// vocab × 4 bytes, so this bounds the memory of top-k requests. Larger requests are computed in slices.
    /// </summary>
    public int MaxDistributionPositions { get; init; } = 256;

    /// <summary>Largest top-k for logprobs / prompt_logprobs / top_logprobs.</summary>
    public int MaxTopLogProbs { get; init; } = 20;

    /// <summary>Longest chat reply (greedy decoding without a KV cache: each token is a forward pass).</summary>
    public int MaxChatTokens { get; init; } = 64;

    public void Validate()
    {
        if (Port is < 0 or > 65535)
            throw new ArgumentException($"--port is {Port}, expected 0..65535");
        Positive(MaxRequestBytes, "--max-request-bytes");
        Positive(MaxPromptsPerRequest, "--max-prompts");
        Positive(MaxConcurrentRequests, "--max-concurrency");
        if (MaxQueuedRequests < 0)
            throw new ArgumentException($"--max-queue is {MaxQueuedRequests}, expected 0 or more");
        Positive(MaxBatchRows, "--max-batch-rows");
        Positive(MaxBatchTokens, "--max-batch-tokens");
        Positive(MaxDistributionPositions, "--max-distribution-positions");
        Positive(MaxTopLogProbs, "--max-top-logprobs");
        Positive(MaxChatTokens, "--max-chat-tokens");
    }

    private static void Positive(long value, string name)
    {
        if (value < 1)
            throw new ArgumentException($"{name} is {value}, expected a positive number");
    }
}

using System.Diagnostics;
using Winnow.Backends.Http;

namespace Winnow.Tests.Backends.Http;

/// <summary>
/// The client against a misbehaving loopback server (10 ms back-off): every fault ends in a retry
/// that succeeds, or in a clear error — <see cref="ServerUnavailableException"/> (the run stops, a re-run resumes) for
/// what persists at the transport level, <see cref="ServerResponseException"/> (row error) for a broken answer.
/// </summary>
public class FaultInjectionTests
{
    private static readonly int[] Prompt = [1, 415, 2936, 9060];
    private static readonly float[] Expected = [-9.234375f, -7.5f, -0.015625f];

    private static string Recorded(string name) =>
        File.ReadAllText(Path.Combine(TestPaths.RepoRoot, "tests", "Winnow.Tests", "Backends", "Http", "Recorded", name));

    private static readonly string Good = Recorded("vllm_prompt_logprobs.json");

    [Fact]
    public async Task RecordedVllmPromptLogprobsAndEchoAnswersAreParsed()
    {
        await using var server = await ScriptedServer.Start((c, call) => ScriptedServer.Json(c, 200, call == 0 ? Good : Recorded("vllm_echo_logprobs.json")));
        using var pool = Pool(server);
        Assert.Equal(Expected, await new CompletionsClient(pool, "m", PromptLogProbMode.PromptLogprobs, 1).TokenLogProbs(Prompt, CancellationToken.None));
        Assert.Equal(Expected, await new CompletionsClient(pool, "m", PromptLogProbMode.Echo, 0).TokenLogProbs(Prompt, CancellationToken.None));
    }

    [Fact]
    public async Task ServerErrorsAreRetriedUntilAnAnswerComes()
    {
        await using var server = await ScriptedServer.Start((c, call) => call < 2
            ? ScriptedServer.Json(c, 500, "{\"error\":\"boom\"}")
            : ScriptedServer.Json(c, 200, Good));
        using var pool = Pool(server);
        Assert.Equal(Expected, await Client(pool).TokenLogProbs(Prompt, CancellationToken.None));
        Assert.Equal(3, server.Calls);
    }

    [Fact]
    public async Task TooManyRequestsWaitsForRetryAfter()
    {
        await using var server = await ScriptedServer.Start((c, call) => call == 0
            ? ScriptedServer.Json(c, 429, "{\"error\":\"slow down\"}", retryAfter: "1")
            : ScriptedServer.Json(c, 200, Good));
        using var pool = Pool(server);
        var clock = Stopwatch.StartNew();
        Assert.Equal(Expected, await Client(pool).TokenLogProbs(Prompt, CancellationToken.None));
        Assert.True(clock.Elapsed >= TimeSpan.FromMilliseconds(900), $"retried after {clock.ElapsedMilliseconds} ms, before Retry-After: 1");
        Assert.Equal(2, server.Calls);
    }

    [Fact]
    public async Task AStallPastTheTimeoutIsRetried()
    {
        await using var server = await ScriptedServer.Start(async (c, call) =>
        {
            if (call == 0)
                await Task.Delay(TimeSpan.FromMinutes(1), c.RequestAborted).ContinueWith(_ => { }, TaskScheduler.Default);
            else
                await ScriptedServer.Json(c, 200, Good);
        });
        using var pool = Pool(server);
        Assert.Equal(Expected, await Client(pool).TokenLogProbs(Prompt, CancellationToken.None));
        Assert.Equal(2, server.Calls);
    }

    [Fact]
    public async Task ATruncatedBodyIsRetried()
    {
        await using var server = await ScriptedServer.Start((c, call) => call == 0 ? ScriptedServer.Truncated(c, Good) : ScriptedServer.Json(c, 200, Good));
        using var pool = Pool(server);
        Assert.Equal(Expected, await Client(pool).TokenLogProbs(Prompt, CancellationToken.None));
        Assert.Equal(2, server.Calls);
    }

    [Fact]
    public async Task PersistentFailuresStopTheRunNamingTheServer()
    {
        await using var server = await ScriptedServer.Start((c, _) => ScriptedServer.Json(c, 503, "{\"error\":\"overloaded\"}"));
        using var pool = Pool(server);
        var e = await Assert.ThrowsAsync<ServerUnavailableException>(() => Client(pool).TokenLogProbs(Prompt, CancellationToken.None));
        Assert.Contains("503", e.Message);
        Assert.Contains(server.Address.ToString(), e.Message);
        Assert.Equal(4, server.Calls);
    }

    [Theory]
    [InlineData("{\"choices\":[{\"index\":0,", "not valid JSON")]
    [InlineData("{\"choices\":[{\"index\":0,\"text\":\"\",\"prompt_logprobs\":[null,{\"415\":{\"logprob\":-1.0}}]}]}", "2 prompt_logprobs entries for 4 prompt tokens")]
    [InlineData("{\"choices\":[{\"index\":0,\"text\":\"\",\"prompt_logprobs\":[null,{\"7\":{\"logprob\":-1.0}},{\"2936\":{\"logprob\":-1.0}},{\"9060\":{\"logprob\":-1.0}}]}]}", "lacks the actual token 415")]
    [InlineData("{\"choices\":[{\"index\":0,\"text\":\"\"}]}", "no prompt_logprobs")]
    [InlineData("{\"error\":{\"message\":\"prompt too long\"}}", "no choices")]
    public async Task BrokenAnswersAreRowErrorsQuotingTheServer(string body, string message)
    {
        await using var server = await ScriptedServer.Start((c, _) => ScriptedServer.Json(c, 200, body));
        using var pool = Pool(server);
        var e = await Assert.ThrowsAsync<ServerResponseException>(() => Client(pool).TokenLogProbs(Prompt, CancellationToken.None));
        Assert.Contains(message, e.Message);
        Assert.Equal(1, server.Calls);
    }

    [Fact]
    public async Task ARefusedRequestIsARowErrorWithTheServersWords()
    {
        await using var server = await ScriptedServer.Start((c, _) => ScriptedServer.Json(c, 400, "{\"error\":{\"message\":\"This model's maximum context length is 4096 tokens\"}}"));
        using var pool = Pool(server);
        var e = await Assert.ThrowsAsync<ServerResponseException>(() => Client(pool).TokenLogProbs(Prompt, CancellationToken.None));
        Assert.Contains("maximum context length is 4096", e.Message);
        Assert.Equal(1, server.Calls);
    }

    /// <summary>
    /// A 10 ms back-off, and an attempt timeout long enough that a loaded machine's slow first answer (the server's code
    /// still being compiled) is not a stall: the tests count the server's calls, and one spurious retry fails them.
    /// </summary>
    internal static HttpBackendOptions FastOptions(params Uri[] servers) =>
        new(servers, null, 4, TimeSpan.FromSeconds(5), 3, TimeSpan.FromMilliseconds(10), 20, null);

    private static ReplicaPool Pool(ScriptedServer server) => new(FastOptions(server.Address));

    private static CompletionsClient Client(ReplicaPool pool) => new(pool, "m", PromptLogProbMode.PromptLogprobs, 1);
}

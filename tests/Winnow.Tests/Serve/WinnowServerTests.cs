using System.Globalization;
using System.Text.Json.Nodes;
using Winnow.Serve;

namespace Winnow.Tests.Serve;

/// <summary>
/// <c>winnow serve</c> over gpt2-tiny on loopback: the numbers it returns are the in-process model's, in the vLLM and
/// OpenAI shapes, and every limit answers with a 4xx that names it.
/// </summary>
public class WinnowServerTests(SharedGpt2Server shared) : IClassFixture<SharedGpt2Server>
{
    private static readonly int[] Ids = [15496, 995, 11, 428, 318, 257, 1332, 13];

    [SharedFact]
    public async Task PromptLogprobsAreTheModelsTokenLogProbs()
    {
        var f = await shared.Get();
        var expected = f.Model.Model.TokenLogProbs([Ids], [(1, Ids.Length)])[0];
        foreach (var k in new[] { 0, 3 })
        {
            var (status, body) = await f.Post("v1/completions", new JsonObject { ["prompt"] = Ids.ToJsonArray(), ["max_tokens"] = 1, ["prompt_logprobs"] = k });
            Assert.Equal(200, status);
            var list = body!["choices"]![0]!["prompt_logprobs"]!.AsArray();
            Assert.Equal(Ids.Length, list.Count);
            Assert.Null(list[0]);
            for (var t = 1; t < Ids.Length; t++)
            {
                var entry = list[t]!.AsObject();
                Assert.True(entry.Count >= Math.Max(1, k) && entry.Count <= k + 1, $"k={k} position {t}: {entry.Count} entries");
                var actual = entry[Ids[t].ToString(CultureInfo.InvariantCulture)]!["logprob"]!.GetValue<double>();
                Assert.InRange(Math.Abs(actual - expected[t - 1]), 0, 1e-5);
            }
        }
    }

    [SharedFact]
    public async Task EchoLogprobsAndTheGreedyTokenMatchTheModel()
    {
        var f = await shared.Get();
        var expected = f.Model.Model.TokenLogProbs([Ids], [(1, Ids.Length)])[0];
        var last = f.Model.Model.LogSoftmax([Ids], [[Ids.Length - 1]])[0];
        var argmax = Array.IndexOf(last, last.Max());
        var (status, body) = await f.Post("v1/completions", new JsonObject
        {
            ["prompt"] = Ids.ToJsonArray(), ["max_tokens"] = 1, ["echo"] = true, ["logprobs"] = 2, ["return_tokens_as_token_ids"] = true,
        });
        Assert.Equal(200, status);
        var logprobs = body!["choices"]![0]!["logprobs"]!;
        var tokens = logprobs["tokens"]!.AsArray().Select(t => t!.GetValue<string>()).ToArray();
        Assert.Equal([.. Ids.Select(i => "token_id:" + i), "token_id:" + argmax], tokens);
        var values = logprobs["token_logprobs"]!.AsArray();
        Assert.Null(values[0]);
        for (var t = 1; t < Ids.Length; t++)
            Assert.InRange(Math.Abs(values[t]!.GetValue<double>() - expected[t - 1]), 0, 1e-5);
        Assert.InRange(Math.Abs(values[Ids.Length]!.GetValue<double>() - last[argmax]), 0, 1e-5);
        var top = logprobs["top_logprobs"]![Ids.Length]!.AsObject();
        Assert.Equal(2, top.Count);
        Assert.True(top.ContainsKey("token_id:" + argmax));
    }

    [SharedFact]
    public async Task TokenizeModelsHealthAndEmbeddings()
    {
        var f = await shared.Get();
        var (status, body) = await f.Post("tokenize", new JsonObject { ["prompt"] = "Hello world" });
        Assert.Equal(200, status);
        Assert.Equal(f.Model.Tokenizer!.Encode("Hello world").Ids, body!["tokens"]!.AsArray().Select(t => t!.GetValue<int>()));
        Assert.Equal(256, body["max_model_len"]!.GetValue<int>());
        (status, body) = await f.Post("detokenize", new JsonObject { ["tokens"] = new JsonArray(15496, 995) });
        Assert.Equal("Hello world", body!["prompt"]!.GetValue<string>());
        var models = JsonNode.Parse(await f.Http.GetStringAsync("v1/models"))!;
        Assert.Equal("gpt2-tiny", models["data"]![0]!["id"]!.GetValue<string>());
        Assert.Equal(256, models["data"]![0]!["max_model_len"]!.GetValue<int>());
        Assert.True((await f.Http.GetAsync("health")).IsSuccessStatusCode);
        (status, body) = await f.Post("v1/embeddings", new JsonObject { ["input"] = Ids.ToJsonArray(), ["pooling"] = "mean" });
        Assert.Equal(200, status);
        var hidden = f.Model.Model.LastHiddenStates([Ids])[0];
        var mean = Enumerable.Range(0, 64).Select(h => Enumerable.Range(0, Ids.Length).Average(t => (double)hidden[t * 64 + h])).ToArray();
        var norm = Math.Sqrt(mean.Sum(v => v * v));
        var embedding = body!["data"]![0]!["embedding"]!.AsArray().Select(v => v!.GetValue<double>()).ToArray();
        for (var h = 0; h < 64; h++)
            Assert.InRange(Math.Abs(embedding[h] - mean[h] / norm), 0, 1e-6);
    }

    [SharedFact]
    public async Task ChatRepliesGreedily()
    {
        var f = await shared.Get();
        var (status, body) = await f.Post("v1/chat/completions", new JsonObject
        {
            ["messages"] = new JsonArray(new JsonObject { ["role"] = "user", ["content"] = "Rate this." }),
            ["max_tokens"] = 2, ["logprobs"] = true, ["top_logprobs"] = 2, ["temperature"] = 0, ["seed"] = 1,
        });
        Assert.Equal(200, status);
        var ids = f.Model.Tokenizer!.Encode("user: Rate this.\nassistant:").Ids;
        var first = f.Model.Model.LogSoftmax([ids], [[ids.Length - 1]])[0];
        var argmax = Array.IndexOf(first, first.Max());
        var content = body!["choices"]![0]!["logprobs"]!["content"]!.AsArray();
        Assert.Equal(2, content.Count);
        Assert.Equal(f.Model.Tokenizer.Decode([argmax]), content[0]!["token"]!.GetValue<string>());
        Assert.InRange(Math.Abs(content[0]!["logprob"]!.GetValue<double>() - first[argmax]), 0, 1e-5);
    }

    [SharedTheory]
    [InlineData("{\"prompt\":[1,2],\"max_tokens\":2}", 400, "max_tokens")]
    [InlineData("{\"prompt\":[1,2],\"prompt_logprobs\":21}", 400, "--max-top-logprobs")]
    [InlineData("{\"prompt\":[99999]}", 400, "token id")]
    [InlineData("{\"prompt\":[]}", 400, "empty")]
    [InlineData("{\"prompt\":[1],\"model\":\"other\"}", 404, "gpt2-tiny")]
    [InlineData("[1,2]", 400, "JSON object")]
    [InlineData("{\"prompt\":[1,2", 400, "not valid JSON")]
    public async Task BadRequestsGetA4xxNamingTheProblem(string body, int status, string message)
    {
        var f = await shared.Get();
        using var response = await f.Http.PostAsync("v1/completions", new StringContent(body, System.Text.Encoding.UTF8, "application/json"));
        Assert.Equal(status, (int)response.StatusCode);
        Assert.Contains(message, JsonNode.Parse(await response.Content.ReadAsStringAsync())!["error"]!["message"]!.GetValue<string>());
    }

    [SharedFact]
    public async Task LimitsOnContextBodySizeAndPromptCount()
    {
        await using var f = await ServedFixture.Start("gpt2-tiny", new ServeOptions { MaxRequestBytes = 4096, MaxPromptsPerRequest = 2 });
        var (status, body) = await f.Post("v1/completions", new JsonObject { ["prompt"] = Enumerable.Repeat(13, 257).ToArray().ToJsonArray() });
        Assert.Equal(400, status);
        Assert.Contains("context is 256", body!["error"]!["message"]!.GetValue<string>());
        (status, body) = await f.Post("v1/completions", new JsonObject { ["prompt"] = new JsonArray("a", "b", "c") });
        Assert.Equal(400, status);
        Assert.Contains("--max-prompts", body!["error"]!["message"]!.GetValue<string>());
        (status, body) = await f.Post("v1/completions", new JsonObject { ["prompt"] = new string('x', 10_000) });
        Assert.Equal(413, status);
        Assert.Contains("--max-request-bytes", body!["error"]!["message"]!.GetValue<string>());
    }

    [SharedFact]
    public async Task OverTheConcurrencyLimitIs429WithRetryAfter()
    {
        await using var f = await ServedFixture.Start("gpt2-tiny", new ServeOptions { MaxConcurrentRequests = 1, MaxQueuedRequests = 0 });
        var request = new JsonObject { ["prompt"] = Enumerable.Repeat(13, 64).ToArray().ToJsonArray(), ["prompt_logprobs"] = 1 }.ToJsonString();
        var responses = await Task.WhenAll(Enumerable.Range(0, 12).Select(_ =>
            f.Http.PostAsync("v1/completions", new StringContent(request, System.Text.Encoding.UTF8, "application/json"))));
        Assert.Contains(responses, r => (int)r.StatusCode == 429 && r.Headers.RetryAfter is not null);
        Assert.Contains(responses, r => (int)r.StatusCode == 200);
        Assert.All(responses, r => Assert.True((int)r.StatusCode is 200 or 429));
    }

    [SharedFact]
    public async Task ConcurrentRequestsShareForwardPasses()
    {
        var f = await shared.Get();
        var requests = Enumerable.Range(0, 24).Select(i => new JsonObject
        {
            ["prompt"] = Ids.Take(2 + i % 6).ToArray().ToJsonArray(), ["max_tokens"] = 0, ["prompt_logprobs"] = 0,
        }).ToArray();
        var (passes, sequences) = (f.Server.ForwardPasses, f.Server.Sequences);
        var answers = await Task.WhenAll(requests.Select(r => f.Post("v1/completions", r)));
        Assert.All(answers, a => Assert.Equal(200, a.Status));
        (passes, sequences) = (f.Server.ForwardPasses - passes, f.Server.Sequences - sequences);
        Assert.Equal(24, sequences);
        Assert.True(passes < sequences, $"{passes} passes for {sequences} sequences");
    }
}

/// <summary>The server's top-k reader: the insertion path (k ≤ 64) and the sorting path agree, ties by lower id, ranks 1-based.</summary>
public class TopKReaderTests
{
    [Fact]
    public void InsertionAndSortingPathsAgreeWithTiesByLowerId()
    {
        var random = new Random(7);
        var values = Enumerable.Range(0, 500).Select(_ => (float)Math.Round(random.NextDouble() * 20, 0)).ToArray();
        var small = ForwardQueue.Read(values, 64, 3);
        var sorted = ForwardQueue.Read(values, 65, 3);
        Assert.Equal(small.TopIds, sorted.TopIds[..64]);
        Assert.Equal(small.TopLogProbs, sorted.TopLogProbs[..64]);
        var reference = Enumerable.Range(0, 500).OrderByDescending(i => values[i]).ThenBy(i => i).Take(65).ToArray();
        Assert.Equal(reference, sorted.TopIds);
        Assert.Equal(1 + values.Count(v => v > values[3]), small.ChosenRank);
        Assert.Equal(values[3], small.ChosenLogProb);
    }
}

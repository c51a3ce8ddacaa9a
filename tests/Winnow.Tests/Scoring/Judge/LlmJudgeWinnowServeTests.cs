using System.Text.Json.Nodes;
using Winnow.Backends.Http;
using Winnow.Data;
using Winnow.Pipeline;
using Winnow.Scoring.Judge;
using Winnow.Tests.Serve;

namespace Winnow.Tests.Scoring.Judge;

/// <summary>
/// <c>llm-judge</c> with <c>winnow serve</c> over gpt2-tiny as its server: the OpenAI library's requests are accepted,
/// the greedy reply the judge keeps is the one the server gives to the same request sent by hand, and the per-token
/// top log-probs the library reads are the server's. gpt2-tiny has random weights, so its replies are not scores:
/// they come back as row errors quoting the reply, which is what a real judge's off-format reply does too.
/// </summary>
public class LlmJudgeWinnowServeTests(SharedGpt2Server gpt2) : IClassFixture<SharedGpt2Server>
{
    private static readonly Sample[] Rows = [TestRows.Alpaca(0, "Add 2 and 2.", "4"), TestRows.Alpaca(1, "Name a colour.", "Blue.", "one word")];

    private static LlmJudgeScorer Judge(ServedFixture f, string read) =>
        (LlmJudgeScorer)Catalog.Scorers.Create("llm-judge", new Parameters(new Dictionary<string, string>
        {
            ["server"] = f.Server.Address.ToString(), ["read"] = read, ["max_tokens"] = "6", ["top_logprobs"] = "3",
        }, "llm-judge"));

    [SharedTheory]
    [InlineData("pattern")]
    [InlineData("logprobs")]
    public async Task TheJudgeKeepsTheServersGreedyReply(string read)
    {
        var f = await gpt2.Get();
        using var judge = Judge(f, read);
        Assert.Equal("gpt2-tiny", judge.Settings["model"]);
        var results = judge.Score(Rows, CancellationToken.None);
        for (var i = 0; i < Rows.Length; i++)
        {
            var template = JudgeTemplate.AlpaGasus;
            var (status, body) = await f.Post("v1/chat/completions", new JsonObject
            {
                ["messages"] = new JsonArray(
                    new JsonObject { ["role"] = "system", ["content"] = template.System!.Render(Rows[i]) },
                    new JsonObject { ["role"] = "user", ["content"] = template.User.Render(Rows[i]) }),
                ["max_tokens"] = 6, ["temperature"] = 0,
            });
            Assert.Equal(200, status);
            var reply = body!["choices"]![0]!["message"]!["content"]!.GetValue<string>();
            Assert.Equal(reply, results[i].Text);
            Assert.False(results[i].IsOk);
            Assert.Contains("unparsable judge reply", results[i].Error);
            Assert.Contains(JudgeReading.Quote(reply), results[i].Error);
        }
    }

    [SharedFact]
    public async Task TheLibraryReadsTheServersTopLogProbs()
    {
        var f = await gpt2.Get();
        var options = HttpBackendOptions.ParseConnection("test", Parameters.For<LlmJudgeScorer>(new Dictionary<string, string> { ["server"] = f.Server.Address.ToString() }));
        using var client = ChatJudgeClient.Open(options);
        var reply = await client.Ask("Be brief.", "Rate this.", 3, 0, 4, CancellationToken.None);
        var (_, body) = await f.Post("v1/chat/completions", new JsonObject
        {
            ["messages"] = new JsonArray(new JsonObject { ["role"] = "system", ["content"] = "Be brief." }, new JsonObject { ["role"] = "user", ["content"] = "Rate this." }),
            ["max_tokens"] = 3, ["temperature"] = 0, ["logprobs"] = true, ["top_logprobs"] = 4,
        });
        var content = body!["choices"]![0]!["logprobs"]!["content"]!.AsArray();
        Assert.Equal(content.Count, reply.Tokens!.Count);
        for (var t = 0; t < content.Count; t++)
        {
            Assert.Equal(content[t]!["token"]!.GetValue<string>(), reply.Tokens[t].Text);
            var top = content[t]!["top_logprobs"]!.AsArray();
            Assert.Equal(4, reply.Tokens[t].Top.Count);
            for (var k = 0; k < 4; k++)
            {
                Assert.Equal(top[k]!["token"]!.GetValue<string>(), reply.Tokens[t].Top[k].Text);
                Assert.Equal(top[k]!["logprob"]!.GetValue<double>(), reply.Tokens[t].Top[k].LogProb, 5);
            }
        }
    }
}

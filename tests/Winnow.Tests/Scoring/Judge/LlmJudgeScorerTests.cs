using Winnow.Backends.Http;
using Winnow.Data;
using Winnow.Pipeline;
using Winnow.Scoring;
using Winnow.Scoring.Judge;
using Winnow.Tests.Backends.Http;
using Answer = Winnow.Tests.Scoring.Judge.CannedChat.Answer;

namespace Winnow.Tests.Scoring.Judge;

/// <summary>
/// <c>llm-judge</c> against a canned chat server: parsable, unparsable and out-of-scale replies, the expected value
/// over score-token log-probs (hand-computed), a server without log-probs refused at start-up, retries of 500 and 429,
/// a refused request failing its row only, the request it sends, provenance without key or URL, and resume.
/// </summary>
public sealed class LlmJudgeScorerTests : IDisposable
{
    private readonly string _dir = Directory.CreateTempSubdirectory("winnow-judge-").FullName;

    public void Dispose() => Directory.Delete(_dir, recursive: true);

    private static readonly Sample[] Rows =
    [
        TestRows.Alpaca(0, "Add 2 and 2.", "good: 4"),
        TestRows.Alpaca(1, "Name a colour.", "meh: blue-ish", "in one word"),
        TestRows.Alpaca(2, "Spell cat.", "vague: it depends"),
        TestRows.Alpaca(3, "Count to 3.", "wild: 1 2 3"),
    ];

    private static Answer ByRow(string user, int call) =>
        user.Contains("good:", StringComparison.Ordinal) ? new Answer(200, "4\nCorrect and complete.")
        : user.Contains("meh:", StringComparison.Ordinal) ? new Answer(200, "Score: 2.5\nHalf right.")
        : user.Contains("vague:", StringComparison.Ordinal) ? new Answer(200, "I would rate it 3 out of 5.")
        : new Answer(200, "7\nVery good.");

    private static LlmJudgeScorer Judge(CannedChat server, Dictionary<string, string>? extra = null)
    {
        var values = new Dictionary<string, string> { ["server"] = server.Address.ToString(), ["retries"] = "3", ["retry_delay_ms"] = "10", ["timeout_s"] = "10" };
        foreach (var (k, v) in extra ?? [])
            values[k] = v;
        return (LlmJudgeScorer)Catalog.Scorers.Create("llm-judge", new Parameters(values, "llm-judge"));
    }

    [Fact]
    public async Task ParsesTheScoreFromTheReplyAndKeepsTheReply()
    {
        await using var server = await CannedChat.Start(ByRow);
        using var judge = Judge(server);
        var results = judge.Score(Rows[..2], CancellationToken.None);
        Assert.Equal(["score"], judge.Fields);
        Assert.Equal([4.0], results[0].Values!);
        Assert.Equal("4\nCorrect and complete.", results[0].Text);
        Assert.Equal([2.5], results[1].Values!);
        Assert.Equal("Score: 2.5\nHalf right.", results[1].Text);
    }

    [Fact]
    public async Task UnparsableAndOutOfScaleRepliesAreRowErrorsThatQuoteTheReply()
    {
        await using var server = await CannedChat.Start(ByRow);
        using var judge = Judge(server);
        var results = judge.Score(Rows[2..], CancellationToken.None);
        Assert.False(results[0].IsOk);
        Assert.Contains("unparsable judge reply", results[0].Error);
        Assert.Contains("\"I would rate it 3 out of 5.\"", results[0].Error);
        Assert.Equal("I would rate it 3 out of 5.", results[0].Text);
        Assert.Contains("score 7 is outside the template's scale [0, 5]", results[1].Error);
        Assert.Equal("7\nVery good.", results[1].Text);
    }

    [Fact]
    public async Task SendsTheAlpaGasusPromptGreedilyWithTheSeed()
    {
        await using var server = await CannedChat.Start(ByRow);
        using var judge = Judge(server, new() { ["seed"] = "42", ["max_tokens"] = "32" });
        judge.Score([Rows[1]], CancellationToken.None);
        Assert.Equal(2, server.Requests.Count);
        var request = server.Requests.Last();
        Assert.Equal(ScriptedServer.ModelName, request["model"]!.GetValue<string>());
        Assert.Equal(0.0, request["temperature"]!.GetValue<double>());
        Assert.Equal(42, request["seed"]!.GetValue<int>());
        Assert.Equal(32, request["max_completion_tokens"]!.GetValue<int>());
        Assert.Null(request["logprobs"]);
        var messages = request["messages"]!.AsArray();
        Assert.Equal("system", messages[0]!["role"]!.GetValue<string>());
        Assert.StartsWith("We would like to request your feedback", messages[0]!["content"]!.GetValue<string>());
        var user = messages[1]!["content"]!.GetValue<string>();
        Assert.StartsWith("Instruction: Name a colour.\nInput: in one word\nResponse: meh: blue-ish\n\nPlease rate according to the accuracy", user);
        Assert.EndsWith("avoiding any potential bias.", user);
    }

    [Fact]
    public async Task ReadsTheExpectedValueOverScoreTokensWhereTheScoreStarts()
    {
        // Row 0: the score is the first token; p(4) = .6, p(5) = .3, p(" 3") = .05 and a non-score .05:
        // E = (4·.6 + 5·.3 + 3·.05) / .95 = 4.05 / .95, mass .95.
        // Row 1: "Score: 2.5" — the score starts at the third token, whose alternatives are " 2" and " 3" at .5 each.
        await using var server = await CannedChat.Start((user, _) =>
            user.Contains("good:", StringComparison.Ordinal)
                ? new Answer(200, "4\nGood.", [("4", [("4", Math.Log(0.6)), ("5", Math.Log(0.3)), (" 3", Math.Log(0.05)), ("The", Math.Log(0.05))]), .. CannedChat.Certain("\n", "Good.")])
                : user.Contains("meh:", StringComparison.Ordinal)
                    ? new Answer(200, "Score: 2.5", [.. CannedChat.Certain("Score", ":"), (" 2", [(" 2", Math.Log(0.5)), (" 3", Math.Log(0.5))]), .. CannedChat.Certain(".", "5")])
                    : new Answer(200, "3", CannedChat.Certain("3")));
        using var judge = Judge(server, new() { ["read"] = "logprobs", ["top_logprobs"] = "5" });
        Assert.Equal("logprobs", judge.Variant);
        Assert.Equal(["score", "parsed", "score_mass"], judge.Fields);
        var results = judge.Score(Rows[..2], CancellationToken.None);
        // The OpenAI library carries log-probs as float32, hence 7 places.
        Assert.Equal(4.05 / 0.95, results[0].Values![0], 7);
        Assert.Equal(4.0, results[0].Values![1]);
        Assert.Equal(0.95, results[0].Values![2], 7);
        Assert.Equal([2.5, 2.5, 1.0], results[1].Values!.Select(v => Math.Round(v, 7)));
        var row = server.Requests.Last();
        Assert.True(row["logprobs"]!.GetValue<bool>());
        Assert.Equal(5, row["top_logprobs"]!.GetValue<int>());
    }

    [Fact]
    public async Task NoScoreTokenAmongTheAlternativesIsARowError()
    {
        await using var server = await CannedChat.Start((_, _) => new Answer(200, "4", [("4", [("four", -0.1), ("4x", -2.5)])]));
        using var judge = Judge(server, new() { ["read"] = "logprobs" });
        var result = judge.Score([Rows[0]], CancellationToken.None)[0];
        Assert.Contains("no score of [0, 5] among the top 2 tokens", result.Error);
        Assert.Equal("4", result.Text);
    }

    [Fact]
    public async Task ReadingLogProbsFromAServerThatReturnsNoneIsRefusedAtStartUp()
    {
        await using var server = await CannedChat.Start(ByRow);
        var e = Assert.Throws<ArgumentException>(() => Judge(server, new() { ["read"] = "logprobs" }));
        Assert.Contains("returned no top_logprobs", e.Message);
        Assert.Contains("read=pattern", e.Message);
    }

    [Fact]
    public async Task ServerErrorsAndTooManyRequestsAreRetried()
    {
        await using var server = await CannedChat.Start((user, call) => call switch
        {
            0 => new Answer(500),
            1 => new Answer(429, RetryAfter: "1"),
            _ => ByRow(user, call),
        });
        var clock = System.Diagnostics.Stopwatch.StartNew();
        using var judge = Judge(server);
        var result = judge.Score([Rows[0]], CancellationToken.None)[0];
        Assert.Equal([4.0], result.Values!);
        Assert.Equal(4, server.Calls);
        Assert.True(clock.Elapsed >= TimeSpan.FromMilliseconds(900), $"retried after {clock.ElapsedMilliseconds} ms, before Retry-After: 1");
    }

    [Fact]
    public async Task ARefusedRequestFailsItsRowOnlyAndAServerThatStaysDownStopsTheRun()
    {
        await using (var server = await CannedChat.Start((user, call) => user.Contains("good:", StringComparison.Ordinal) ? new Answer(400) : ByRow(user, call)))
        {
            using var judge = Judge(server);
            var results = judge.Score(Rows[..2], CancellationToken.None);
            Assert.Contains("HTTP 400", results[0].Error);
            Assert.Contains("canned failure", results[0].Error);
            Assert.Null(results[0].Text);
            Assert.Equal([2.5], results[1].Values!);
        }
        await using var down = await CannedChat.Start((user, call) => call == 0 ? ByRow(user, call) : new Answer(503));
        using var stopped = Judge(down, new() { ["retries"] = "1" });
        var e = Assert.Throws<ServerUnavailableException>(() => stopped.Score([Rows[0]], CancellationToken.None));
        Assert.Contains("HTTP 503", e.Message);
        Assert.Contains("run the same command again to resume", e.Message);
        Assert.Equal(3, down.Calls);
    }

    [Fact]
    public async Task AServerThatRefusesTheJudgesParametersIsRefusedAtStartUp()
    {
        await using var server = await CannedChat.Start((_, _) => new Answer(400));
        var e = Assert.Throws<ArgumentException>(() => Judge(server));
        Assert.Contains("refused a probe chat request with temperature 0, seed 0", e.Message);
        Assert.Contains("canned failure", e.Message);
    }

    [Fact]
    public async Task TheKeyIsSentButNeverRecordedNorIsTheUrl()
    {
        Environment.SetEnvironmentVariable("WINNOW_JUDGE_TEST_KEY", "sk-judge-secret");
        await using var server = await CannedChat.Start(ByRow);
        using var judge = Judge(server, new() { ["api_key_env"] = "WINNOW_JUDGE_TEST_KEY", ["seed"] = "7" });
        judge.Score([Rows[0]], CancellationToken.None);
        Assert.Contains("Bearer sk-judge-secret", server.Authorizations);
        var settings = string.Join("\n", judge.Settings.OrderBy(kv => kv.Key, StringComparer.Ordinal).Select(kv => kv.Key + "=" + kv.Value));
        Assert.Equal($"max_tokens=64\nmodel=scripted\nread=pattern\nseed=7\ntemperature=0\ntemplate=alpagasus\ntemplate_sha256={JudgeTemplate.AlpaGasus.Hash()}", settings);
        Assert.DoesNotContain("secret", settings);
    }

    [Fact]
    public async Task AResumedRunWritesTheBytesOfAnUninterruptedOneAndAsksOnlyForTheRest()
    {
        await using var server = await CannedChat.Start(ByRow);
        using var judge = Judge(server);
        var whole = Path.Combine(_dir, "whole.jsonl");
        ScoreRunner.Run(judge, () => Rows, whole, ShardSpec.Whole, 2, null, CancellationToken.None);
        var expected = File.ReadAllText(whole);
        Assert.Contains("\"text\":\"4\\nCorrect and complete.\"", expected);
        Assert.Contains("\"values\":null,\"error\":\"unparsable judge reply", expected);

        var resumed = Path.Combine(_dir, "resumed.jsonl");
        ScoreRunner.Run(judge, () => Rows.Take(3), resumed, ShardSpec.Whole, 2, null, CancellationToken.None);
        var before = server.Calls;
        var summary = ScoreRunner.Run(judge, () => Rows, resumed, ShardSpec.Whole, 2, null, CancellationToken.None);
        Assert.Equal(1, server.Calls - before);
        Assert.Equal((3L, 1L, 2L), (summary.AlreadyDone, summary.Scored, summary.Failed));
        Assert.Equal(expected, File.ReadAllText(resumed));
        var texts = Winnow.Store.ScoreFileFormat.ReadAll(resumed).OfType<Winnow.Store.ScoreLine>().Select(l => l.Text!).ToArray();
        Assert.Equal(["4\nCorrect and complete.", "Score: 2.5\nHalf right.", "I would rate it 3 out of 5.", "7\nVery good."], texts);
    }

    [Fact]
    public void AScaleBeyondOneDigitCannotBeReadFromLogProbs()
    {
        var path = Path.Combine(_dir, "ten.yaml");
        File.WriteAllText(path, "user: \"{response}\"\nscale: [1, 10]\n");
        var e = Assert.Throws<ArgumentException>(() => Catalog.Scorers.Create("llm-judge", new Parameters(new Dictionary<string, string>
        {
            ["server"] = "http://127.0.0.1:9/", ["template"] = path, ["read"] = "logprobs",
        }, "llm-judge")));
        Assert.Contains("single digits", e.Message);
        Assert.Contains("[1, 10]", e.Message);
    }
}

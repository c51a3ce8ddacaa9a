using System.Collections.ObjectModel;
using System.Globalization;
using Winnow.Backends.Http;
using Winnow.Components;
using Winnow.Data;

namespace Winnow.Scoring.Judge;

/// <summary>
/// <c>llm-judge</c>: the survey's "GPT scoring" (AlpaGasus-style): each row's first exchange is put into a prompt
/// template and sent to the chat API (/v1/chat/completions) of an OpenAI-compatible server — vLLM, a hosted API,
/// <c>winnow serve</c> — greedily (temperature 0, a recorded seed). The score is the number the template's strict
/// pattern finds in the reply (<c>read=pattern</c>), or the expected value over the score tokens' top log-probs at
/// that number (<c>read=logprobs</c>, variant <c>logprobs</c>, also writing the parsed number and the probability mass
/// on score tokens). The reply is kept in the score file next to the values; an unparsable reply is a row error that
/// quotes it. A server that stays unreachable stops the run (a re-run resumes); a refused or broken answer fails its
/// row only. The API key is read from the environment variable named by api_key_env, never recorded.
/// </summary>
[Component("llm-judge", "LLM judge over an OpenAI-compatible chat server (AlpaGasus 0-5 accuracy rating shipped, or a template file): the score parsed from the reply by a strict pattern, or the expected value over the score tokens' log-probs; the reply is kept")]
[Param("server", ParamType.Text, "base URL of the OpenAI-compatible chat server (its /v1/chat/completions); comma-separate replicas of the same model", Required = true)]
[ParamGroup(typeof(HttpConnectionKeys))]
[Param("template", ParamType.Text, "a built-in template (alpagasus) or a YAML template file (system, user with {instruction} {input} {prompt} {response}, scale, pattern)", Default = "alpagasus")]
[Param("read", ParamType.Choice, "pattern: the number the template's pattern captures; logprobs: the expected value over the score tokens' top log-probs where that number starts (scales within 0-9)", Default = "pattern", Values = ["pattern", "logprobs"])]
[Param("top_logprobs", ParamType.Int, "read=logprobs: alternatives per reply token asked for (OpenAI allows at most 20)", Default = "20", Min = 1)]
[Param("max_tokens", ParamType.Int, "longest reply in tokens (the score comes first in the shipped template; the rest is the explanation, kept)", Default = "64", Min = 1)]
[Param("seed", ParamType.Int, "seed sent with temperature 0 (recorded; servers that honour it repeat their replies)", Default = "0")]
[Needs(Text = "the first exchange: instruction, input and response")]
[Produces("score", "parsed", "score_mass")]
public sealed class LlmJudgeScorer : IScorer, IDisposable
{
    private readonly ChatJudgeClient _client;
    private readonly JudgeTemplate _template;
    private readonly JudgeReadMode _mode;
    private readonly int _maxTokens;
    private readonly int _seed;
    private readonly int _topLogProbs;

    private LlmJudgeScorer(ChatJudgeClient client, JudgeTemplate template, JudgeReadMode mode, int maxTokens, int seed, int topLogProbs)
    {
        _client = client;
        _template = template;
        _mode = mode;
        _maxTokens = maxTokens;
        _seed = seed;
        _topLogProbs = mode == JudgeReadMode.LogProbs ? topLogProbs : 0;
        Fields = mode == JudgeReadMode.LogProbs ? ["score", "parsed", "score_mass"] : ["score"];
        var settings = new Dictionary<string, string>(StringComparer.Ordinal)
        {
            ["model"] = client.Model,
            ["template"] = template.Name,
            ["template_sha256"] = template.Hash(),
            ["read"] = mode == JudgeReadMode.LogProbs ? "logprobs" : "pattern",
            ["max_tokens"] = maxTokens.ToString(CultureInfo.InvariantCulture),
            ["temperature"] = "0",
            ["seed"] = seed.ToString(CultureInfo.InvariantCulture),
        };
        if (mode == JudgeReadMode.LogProbs)
            settings["top_logprobs"] = topLogProbs.ToString(CultureInfo.InvariantCulture);
        Settings = new ReadOnlyDictionary<string, string>(settings);
    }

    public string Name => Declared.Name<LlmJudgeScorer>();

    public string Variant => _mode == JudgeReadMode.LogProbs ? "logprobs" : "default";

    public IReadOnlyList<string> Fields { get; }

    public IReadOnlyDictionary<string, string> Settings { get; }

    /// <summary>Builds the judge from checked parameters: resolves the template, connects (the served model from /v1/models) and probes the server with one short request.</summary>
    public static LlmJudgeScorer Create(Parameters p)
    {
        var owner = Declared.Name<LlmJudgeScorer>();
        var template = JudgeTemplate.Resolve(p.GetString("template"));
        var mode = p.GetString("read") == "logprobs" ? JudgeReadMode.LogProbs : JudgeReadMode.Pattern;
        if (mode == JudgeReadMode.LogProbs && !template.HasDigitScale)
            throw new ArgumentException($"{owner}: read=logprobs needs a scale of single digits (each score one token); template {template.Name} has [{template.Min.ToString(CultureInfo.InvariantCulture)}, {template.Max.ToString(CultureInfo.InvariantCulture)}]; use read=pattern");
        var client = ChatJudgeClient.Open(HttpBackendOptions.ParseConnection(owner, p));
        try
        {
            var judge = new LlmJudgeScorer(client, template, mode, p.GetInt("max_tokens"), p.GetInt("seed"), p.GetInt("top_logprobs"));
            judge.Probe();
            return judge;
        }
        catch
        {
            client.Dispose();
            throw;
        }
    }

    public IReadOnlyList<ScoreResult> Score(IReadOnlyList<Sample> batch, CancellationToken cancellationToken)
    {
        var rows = batch.Select(row => Judge(row, cancellationToken)).ToArray();
        try
        {
            return Task.WhenAll(rows).GetAwaiter().GetResult();
        }
        catch (ServerUnavailableException e)
        {
            throw new ServerUnavailableException(e.Message + " — the run stops here; every finished row is saved, run the same command again to resume", e);
        }
    }

    public void Dispose() => _client.Dispose();

    private async Task<ScoreResult> Judge(Sample row, CancellationToken cancellationToken)
    {
        ChatReply reply;
        try
        {
            reply = await _client.Ask(_template.System?.Render(row), _template.User.Render(row), _maxTokens, _seed, _topLogProbs, cancellationToken).ConfigureAwait(false);
        }
        catch (ServerResponseException e)
        {
            return ScoreResult.Fail(e.Message);
        }
        return JudgeReading.Read(_template, _mode, reply);
    }

    /// <summary>
    /// One short request before the first row, with this judge's parameters: a server that refuses them (a hosted model
    /// that takes no temperature or top_logprobs) or, for read=logprobs, returns no top log-probs would fail every row;
    /// refuse it here instead, with the reason.
    /// </summary>
    private void Probe()
    {
        ChatReply reply;
        try
        {
            reply = _client.Ask(null, "Reply with a single digit.", 1, _seed, _topLogProbs, CancellationToken.None).GetAwaiter().GetResult();
        }
        catch (ServerResponseException e)
        {
            throw new ArgumentException($"{Name}: the server refused a probe chat request with temperature 0, seed {_seed}{(_topLogProbs > 0 ? $", logprobs and top_logprobs={_topLogProbs}" : "")} ({e.Message})");
        }
        if (_mode == JudgeReadMode.LogProbs && (reply.Tokens is not { Count: > 0 } tokens || tokens[0].Top.Count == 0))
            throw new ArgumentException($"{Name}: read=logprobs: the server returned no top_logprobs with its chat reply; use read=pattern (the score parsed from the reply)");
    }
}

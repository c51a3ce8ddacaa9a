using System.Globalization;
using System.Text.Json;
using System.Text.Json.Nodes;
using Winnow.Tokenizers;

namespace Winnow.Backends.Http;

/// <summary>What the start-up probe learnt about a server: its model, context, how it returns log-probs, its top-k.</summary>
internal sealed record ServerFacts(string Model, int MaxContext, CompletionsClient Completions, int TopK, string TokenizerCheck);

/// <summary>
/// Checks, before any row, that a server can do what the scorers need, so an unfit server fails the run at start-up
/// with the reason rather than row by row:
/// <list type="number">
/// <item>/v1/models names the model and its max_model_len (vLLM reports it; elsewhere give max_context);</item>
/// <item>the local tokenizer encodes a probe text to the same ids as the server's /tokenize (ids are sent, so a
/// different tokenizer would score the wrong tokens);</item>
/// <item>prompt log-probs come back with one entry per prompt token: vLLM prompt_logprobs with k = 0, then k = 1
/// (some versions drop k = 0), then echo + logprobs; a server with neither is refused with what to do instead
/// (llama.cpp's server returns no prompt-token probabilities; TGI needs --enable-prefill-logprobs);</item>
/// <item>the same request twice gives the same numbers (vLLM's prefix cache has corrupted prompt log-probs in some
/// versions: the second request is served from the cache);</item>
/// <item>the top-k of the next token comes keyed by token id (return_tokens_as_token_ids), else top-k is not used.</item>
/// </list>
/// </summary>
internal static class ServerProbe
{
    private const string ProbeText = "Winnow probe: the quick brown fox jumps over the lazy dog. 1 2 3 4 5 6";

    public static async Task<ServerFacts> Run(ReplicaPool pool, HttpBackendOptions options, ITextTokenizer tokenizer, bool checkTokenizer, int? maxContext, CancellationToken cancellationToken)
    {
        var (model, reportedContext) = await Models(pool, options.ServedModel, cancellationToken).ConfigureAwait(false);
        var context = maxContext ?? reportedContext
            ?? throw new ArgumentException($"http backend: {pool.Replicas[0].BaseAddress}v1/models does not report max_model_len; give the model's context as parameter max_context");
        var ids = tokenizer.Encode(ProbeText, true, int.MaxValue).Ids;
        var check = checkTokenizer ? await CheckTokenizer(pool, model, ids, cancellationToken).ConfigureAwait(false) : "unchecked (tokenizer_check=false)";
        var completions = await PromptLogProbs(pool, model, ids, cancellationToken).ConfigureAwait(false);
        var topK = await TopK(completions, ids, options.TopK, cancellationToken).ConfigureAwait(false);
        return new ServerFacts(model, context, completions, topK, check);
    }

    /// <summary>The served model every replica lists (the wanted one, or the only one), and its context when reported.</summary>
    public static async Task<(string Model, int? MaxContext)> Models(ReplicaPool pool, string? wanted, CancellationToken cancellationToken)
    {
        var names = new List<(string Name, int? Context)>();
        foreach (var replica in pool.Replicas)
        {
            var body = await replica.Send("v1/models", null, cancellationToken).ConfigureAwait(false);
            var listed = ReadModels(body, replica.BaseAddress);
            var pick = wanted is null
                ? listed.Count == 1 ? listed[0] : throw new ArgumentException($"http backend: {replica.BaseAddress} serves {listed.Count} models ({string.Join(", ", listed.Select(m => m.Name))}); choose one with served_model")
                : listed.FirstOrDefault(m => m.Name == wanted) is { Name: not null } found ? found : throw new ArgumentException($"http backend: {replica.BaseAddress} does not serve '{wanted}' (it serves {string.Join(", ", listed.Select(m => m.Name))})");
            names.Add(pick);
        }
        if (names.Select(n => n.Name).Distinct().Count() > 1)
            throw new ArgumentException($"http backend: the replicas serve different models ({string.Join(", ", names.Select(n => n.Name))}); replicas must serve the same model");
        return names[0];
    }

    private static List<(string Name, int? Context)> ReadModels(string body, Uri server)
    {
        try
        {
            var data = JsonNode.Parse(body)?["data"]?.AsArray() ?? throw new ServerResponseException("no data list");
            return data.Select(m => (m!["id"]!.GetValue<string>(), m["max_model_len"]?.GetValue<int>())).ToList();
        }
        catch (Exception e) when (e is JsonException or InvalidOperationException or NullReferenceException or ServerResponseException)
        {
            throw new ServerResponseException($"{server}v1/models is not an OpenAI model list ({e.Message}): {ServerResponseException.Quote(body)}");
        }
    }

    private static async Task<string> CheckTokenizer(ReplicaPool pool, string model, int[] local, CancellationToken cancellationToken)
    {
        var request = new JsonObject { ["model"] = model, ["prompt"] = ProbeText, ["add_special_tokens"] = true }.ToJsonString();
        string body;
        try
        {
            body = await pool.Send("tokenize", request, cancellationToken).ConfigureAwait(false);
        }
        catch (ServerResponseException e)
        {
            throw new ArgumentException($"http backend: the server's /tokenize failed ({e.Message}), so its tokenizer cannot be checked against the local one; pass tokenizer_check=false to score unchecked (recorded)");
        }
        int[] remote;
        try
        {
            remote = JsonNode.Parse(body)!["tokens"]!.AsArray().Select(t => t!.GetValue<int>()).ToArray();
        }
        catch (Exception e) when (e is JsonException or InvalidOperationException or NullReferenceException or FormatException)
        {
            throw new ServerResponseException($"/tokenize did not return a tokens list: {ServerResponseException.Quote(body)}");
        }
        if (!remote.SequenceEqual(local))
            throw new ArgumentException($"http backend: the local tokenizer and the server's differ on the probe text (local {Show(local)}, server {Show(remote)}); use the tokenizer.json of the served model");
        return $"matches server /tokenize on a {local.Length}-token probe";
    }

    private static async Task<CompletionsClient> PromptLogProbs(ReplicaPool pool, string model, int[] ids, CancellationToken cancellationToken)
    {
        var failures = new List<string>();
        foreach (var (mode, k) in new[] { (PromptLogProbMode.PromptLogprobs, 0), (PromptLogProbMode.PromptLogprobs, 1), (PromptLogProbMode.Echo, 0) })
        {
            var client = new CompletionsClient(pool, model, mode, k);
            try
            {
                var first = await client.TokenLogProbs(ids, cancellationToken).ConfigureAwait(false);
                var again = await client.TokenLogProbs(ids, cancellationToken).ConfigureAwait(false);
                var worst = first.Zip(again, (a, b) => Math.Abs(a - b)).Max();
                if (!(worst <= 1e-3))
                    throw new ArgumentException($"http backend: the same prompt scored twice differs by {worst:G3} nats; vLLM's prefix caching corrupts prompt log-probs in some versions — restart it with --no-enable-prefix-caching");
                return client;
            }
            catch (ServerResponseException e)
            {
                failures.Add($"{(mode == PromptLogProbMode.Echo ? "echo+logprobs" : "prompt_logprobs=" + k.ToString(CultureInfo.InvariantCulture))}: {e.Message}");
            }
        }
        throw new ArgumentException("http backend: the server returns no log-probability for each prompt token, which these scorers need (" + string.Join("; ", failures)
            + "). vLLM supports prompt_logprobs; llama.cpp's server has no prompt-token probabilities (use backend llama.cpp in process); TGI needs --enable-prefill-logprobs.");
    }

    private static async Task<int> TopK(CompletionsClient client, int[] ids, int wanted, CancellationToken cancellationToken)
    {
        if (wanted == 0)
            return 0;
        try
        {
            var top = await client.NextTop(ids, wanted, cancellationToken).ConfigureAwait(false);
            return top.Length >= wanted ? wanted : 0;
        }
        catch (ServerResponseException)
        {
            // No id-keyed top-k: chosen-id log-probs then always take the exact path.
            return 0;
        }
    }

    private static string Show(int[] ids) => "[" + string.Join(",", ids.Take(12)) + (ids.Length > 12 ? ",…" : "") + "]";
}

using System.Globalization;
using Winnow.Tokenizers;

namespace Winnow.Backends.Http;

/// <summary>
/// A model on OpenAI-compatible inference servers (vLLM replicas, <c>winnow serve</c>) behind the backend contract.
/// Rows are tokenised here with the model's tokenizer.json (checked against the server at start-up) and sent as token
/// ids, one request per row, spread over replicas with bounded concurrency. Capabilities: token log-probs (prompt
/// log-probs), chosen-id next-token log-probs (top-k when every chosen id is inside, else exactly by scoring each
/// continuation) and, when the server keys top-k by token id, top-k. No full distributions and no hidden states: a
/// server returns neither. A server that stays unreachable through the retries stops the run (a re-run resumes);
/// an answer that breaks the protocol fails the rows of that batch with the server's words.
/// </summary>
public sealed class HttpBackend : IModelBackend
{
    private readonly ReplicaPool _pool;
    private readonly ServerFacts _facts;
    private readonly CancellationTokenSource _stopping = new();

    private HttpBackend(ReplicaPool pool, ServerFacts facts, Tokenizer tokenizer, BackendProvenance provenance)
    {
        _pool = pool;
        _facts = facts;
        Tokenizer = tokenizer;
        VocabSize = tokenizer.VocabSize;
        Provenance = provenance;
        Capabilities = BackendCapabilities.TokenLogProbs | BackendCapabilities.ChosenLogProbs | BackendCapabilities.TokenOffsets
            | (facts.TopK > 0 ? BackendCapabilities.TopLogProbs : BackendCapabilities.None);
    }

    public BackendCapabilities Capabilities { get; }

    public BackendProvenance Provenance { get; }

    public ITextTokenizer Tokenizer { get; }

    public int MaxContext => _facts.MaxContext;

    public int VocabSize { get; }

    public int HiddenSize => 0;

    /// <summary>Connects to every replica and runs the start-up probe (<see cref="ServerProbe"/>); fails before any row.</summary>
    public static HttpBackend Open(BackendOptions options)
    {
        var http = options.Http ?? throw new ArgumentException($"{options.Owner}: backend http needs its server options");
        var tokenizerPath = options.TokenizerPath is null ? options.Model : Path.GetFullPath(options.TokenizerPath);
        if (!File.Exists(tokenizerPath) && !File.Exists(Path.Combine(tokenizerPath, "tokenizer.json")))
            throw new ArgumentException($"{options.Owner}: backend http sends token ids, tokenised here with the served model's tokenizer.json; '{tokenizerPath}' has none (give the model folder as 'model' or the file as 'tokenizer')");
        var tokenizer = Tokenizers.Tokenizer.Load(tokenizerPath);
        var pool = new ReplicaPool(http);
        try
        {
            var facts = ServerProbe.Run(pool, http, tokenizer, http.TokenizerCheck, http.MaxContext, CancellationToken.None).GetAwaiter().GetResult();
            var settings = http.Settings();
            settings["max_context"] = facts.MaxContext.ToString(CultureInfo.InvariantCulture);
            settings["prompt_logprobs"] = facts.Completions.Mode == PromptLogProbMode.Echo
                ? "echo"
                : facts.Completions.PromptTopK.ToString(CultureInfo.InvariantCulture);
            settings["server_top_k"] = facts.TopK.ToString(CultureInfo.InvariantCulture);
            var provenance = new BackendProvenance("http", facts.Model, "served:" + facts.Model, "as served", ToolInfo.Version,
                $"tokenizer.json:{tokenizerPath} ({facts.TokenizerCheck})", "backend: http was asked for", settings);
            return new HttpBackend(pool, facts, tokenizer, provenance);
        }
        catch
        {
            pool.Dispose();
            throw;
        }
    }

    public float[][] TokenLogProbs(IReadOnlyList<int[]> rows, IReadOnlyList<(int From, int To)> scored) =>
        Wait(rows.Select(async (row, r) =>
        {
            var (from, to) = scored[r];
            if (from < 1 || to > row.Length || from > to)
                throw new ArgumentOutOfRangeException(nameof(scored), $"row {r}: scored range [{from}, {to}) is not within [1, {row.Length}]");
            if (from == to)
                return Array.Empty<float>();
            var values = await _facts.Completions.TokenLogProbs(row[..to], _stopping.Token).ConfigureAwait(false);
            return values[(from - 1)..(to - 1)];
        }));

    public double[][] ChosenLogProbs(IReadOnlyList<int[]> rows, IReadOnlyList<int[]> positions, IReadOnlyList<int> chosenIds) =>
        Wait(rows.Select(async (row, r) =>
        {
            var result = new double[positions[r].Length * chosenIds.Count];
            for (var j = 0; j < positions[r].Length; j++)
            {
                var prefix = row[..(positions[r][j] + 1)];
                if (prefix.Length + 1 > MaxContext)
                    throw new ServerResponseException($"row {r}: the chosen ids {string.Join(",", chosenIds)} cannot be scored after {prefix.Length} tokens: the exact path needs one more position than the server's context of {MaxContext}");
                var values = await _facts.Completions.ChosenNext(prefix, chosenIds, _facts.TopK, _stopping.Token).ConfigureAwait(false);
                values.CopyTo(result, j * chosenIds.Count);
            }
            return result;
        }));

    public TopToken[][][] TopLogProbs(IReadOnlyList<int[]> rows, IReadOnlyList<int[]> positions, int k)
    {
        if (k < 1 || k > _facts.TopK)
            throw new NotSupportedException($"backend http: top-{k} asked for; the server returns at most {_facts.TopK} (parameter top_k)");
        return Wait(rows.Select(async (row, r) =>
        {
            var result = new TopToken[positions[r].Length][];
            for (var j = 0; j < positions[r].Length; j++)
                result[j] = (await _facts.Completions.NextTop(row[..(positions[r][j] + 1)], k, _stopping.Token).ConfigureAwait(false)).Take(k).ToArray();
            return result;
        }));
    }

    public float[][] LogSoftmax(IReadOnlyList<int[]> rows, IReadOnlyList<int[]> positions) =>
        throw new NotSupportedException("backend http: servers return top-k log-probs, not whole next-token distributions");

    public float[][] LastHiddenStates(IReadOnlyList<int[]> rows) =>
        throw new NotSupportedException("backend http: servers return no hidden states");

    public void Dispose()
    {
        _stopping.Cancel();
        _pool.Dispose();
        _stopping.Dispose();
    }

    /// <summary>Runs one request per row concurrently (the replicas' semaphores bound what is in flight) and waits for all.</summary>
    private static T[] Wait<T>(IEnumerable<Task<T>> rows)
    {
        var tasks = rows.ToArray();
        try
        {
            return Task.WhenAll(tasks).GetAwaiter().GetResult();
        }
        catch (ServerUnavailableException e)
        {
            throw new ServerUnavailableException(e.Message + " — the run stops here; every finished row is saved, run the same command again to resume", e);
        }
    }
}

using System.Threading.Channels;
using Winnow.Models;

namespace Winnow.Serve;

/// <summary>
/// The batching queue: requests enqueue sequences; one worker takes everything waiting (up to the row and token
/// limits) and runs it as one forward pass per kind, so concurrent requests share passes. The model owns one
/// workspace, so a single worker is also what keeps its calls serialised. Counters give the batching factor.
/// </summary>
internal sealed class ForwardQueue : IAsyncDisposable
{
    private readonly ICausalLanguageModel _model;
    private readonly ServeOptions _options;
    private readonly Channel<ForwardJob> _jobs = Channel.CreateUnbounded<ForwardJob>(new UnboundedChannelOptions { SingleReader = true });
    private readonly Task _worker;
    private long _passes;
    private long _sequences;

    public ForwardQueue(ICausalLanguageModel model, ServeOptions options)
    {
        _model = model;
        _options = options;
        _worker = Task.Factory.StartNew(Work, CancellationToken.None, TaskCreationOptions.LongRunning, TaskScheduler.Default).Unwrap();
    }

    /// <summary>Forward passes run so far.</summary>
    public long Passes => Interlocked.Read(ref _passes);

    /// <summary>Sequences those passes carried (a sequence split into distribution slices counts once per pass).</summary>
    public long Sequences => Interlocked.Read(ref _sequences);

    public async Task<ForwardJob> Run(ForwardJob job, CancellationToken cancellationToken)
    {
        if (!_jobs.Writer.TryWrite(job))
            throw new ApiException(503, "the server is shutting down");
        await job.Done.Task.WaitAsync(cancellationToken).ConfigureAwait(false);
        return job;
    }

    public async ValueTask DisposeAsync()
    {
        _jobs.Writer.TryComplete();
        await _worker.ConfigureAwait(false);
    }

    private async Task Work()
    {
        var reader = _jobs.Reader;
        var batch = new List<ForwardJob>();
        while (await reader.WaitToReadAsync().ConfigureAwait(false))
        {
            batch.Clear();
            long tokens = 0;
            while (batch.Count < _options.MaxBatchRows && reader.TryPeek(out var next)
                   && (batch.Count == 0 || tokens + next.Ids.Length <= _options.MaxBatchTokens))
            {
                reader.TryRead(out _);
                batch.Add(next);
                tokens += next.Ids.Length;
            }
            RunGroup(batch.Where(j => j.Kind == ForwardKind.TokenLogProbs).ToList(), RunTokenLogProbs);
            RunGroup(batch.Where(j => j.Kind == ForwardKind.HiddenStates).ToList(), RunHiddenStates);
            RunGroup(batch.Where(j => j.Kind == ForwardKind.Distributions).ToList(), RunDistributions);
        }
    }

    private static void RunGroup(List<ForwardJob> jobs, Action<List<ForwardJob>> run)
    {
        if (jobs.Count == 0)
            return;
        try
        {
            run(jobs);
            foreach (var job in jobs)
                job.Done.TrySetResult();
        }
        catch (Exception e)
        {
            foreach (var job in jobs)
                job.Done.TrySetException(e);
        }
    }

    private void RunTokenLogProbs(List<ForwardJob> jobs)
    {
        var scored = jobs.Where(j => j.Ids.Length >= 2).ToList();
        if (scored.Count == 0)
            return;
        var result = _model.TokenLogProbs(scored.Select(j => j.Ids).ToArray(), scored.Select(j => (1, j.Ids.Length)).ToArray());
        Count(scored.Count);
        for (var k = 0; k < scored.Count; k++)
            scored[k].TokenLogProbs = result[k];
    }

    private void RunHiddenStates(List<ForwardJob> jobs)
    {
        var result = _model.LastHiddenStates(jobs.Select(j => j.Ids).ToArray());
        Count(jobs.Count);
        for (var k = 0; k < jobs.Count; k++)
            jobs[k].HiddenStates = result[k];
    }

    /// <summary>Slices every job's positions so that one pass holds at most MaxDistributionPositions vocabulary rows.</summary>
    private void RunDistributions(List<ForwardJob> jobs)
    {
        var limit = _options.MaxDistributionPositions;
        var pass = new List<(ForwardJob Job, int From, int To)>();
        var held = 0;
        foreach (var job in jobs)
        {
            for (var from = 0; from < job.Positions.Length; from += limit)
            {
                var to = Math.Min(job.Positions.Length, from + limit);
                if (held + (to - from) > limit)
                {
                    RunDistributionPass(pass);
                    pass.Clear();
                    held = 0;
                }
                pass.Add((job, from, to));
                held += to - from;
            }
        }
        RunDistributionPass(pass);
    }

    private void RunDistributionPass(List<(ForwardJob Job, int From, int To)> pass)
    {
        if (pass.Count == 0)
            return;
        var rows = _model.LogSoftmax(pass.Select(s => s.Job.Ids).ToArray(), pass.Select(s => s.Job.Positions[s.From..s.To]).ToArray());
        Count(pass.Count);
        var vocab = _model.VocabSize;
        for (var s = 0; s < pass.Count; s++)
        {
            var (job, from, to) = pass[s];
            for (var p = from; p < to; p++)
                job.Distributions[p] = Read(rows[s].AsSpan((p - from) * vocab, vocab), job.TopK, job.Chosen[p]);
        }
    }

    private void Count(int sequences)
    {
        Interlocked.Increment(ref _passes);
        Interlocked.Add(ref _sequences, sequences);
    }

    /// <summary>Top-k by value (ties: lower id first, so answers are deterministic) and the chosen id's value and 1-based rank.</summary>
    internal static PositionLogProbs Read(ReadOnlySpan<float> logProbs, int k, int chosen)
    {
        k = Math.Min(k, logProbs.Length);
        var (ids, values) = k <= 64 ? SmallTop(logProbs, k) : SortedTop(logProbs, k);
        if (chosen < 0)
            return new PositionLogProbs(ids, values, -1, float.NaN, 0);
        var chosenValue = logProbs[chosen];
        var rank = 1;
        foreach (var v in logProbs)
        {
            if (v > chosenValue)
                rank++;
        }
        return new PositionLogProbs(ids, values, chosen, chosenValue, rank);
    }

    /// <summary>Insertion into a k-long list: O(V·k) in the worst case, fast for the usual k ≤ 20.</summary>
    private static (int[] Ids, float[] Values) SmallTop(ReadOnlySpan<float> logProbs, int k)
    {
        var ids = new int[k];
        var values = new float[k];
        var filled = 0;
        for (var id = 0; k > 0 && id < logProbs.Length; id++)
        {
            var v = logProbs[id];
            if (filled == k && !(v > values[k - 1]))
                continue;
            var at = filled < k ? filled++ : k - 1;
            while (at > 0 && v > values[at - 1])
            {
                ids[at] = ids[at - 1];
                values[at] = values[at - 1];
                at--;
            }
            ids[at] = id;
            values[at] = v;
        }
        return (ids, values);
    }

    /// <summary>A full sort by (value descending, id ascending) for large k, O(V log V).</summary>
    private static (int[] Ids, float[] Values) SortedTop(ReadOnlySpan<float> logProbs, int k)
    {
        var order = new int[logProbs.Length];
        for (var i = 0; i < order.Length; i++)
            order[i] = i;
        var copy = logProbs.ToArray();
        Array.Sort(order, (a, b) => copy[b].CompareTo(copy[a]) is var c && c != 0 ? c : a.CompareTo(b));
        var ids = order[..k];
        return (ids, ids.Select(i => copy[i]).ToArray());
    }
}

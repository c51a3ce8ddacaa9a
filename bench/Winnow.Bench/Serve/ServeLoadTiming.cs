using System.Diagnostics;
using System.Globalization;
using System.Text;
using System.Text.Json.Nodes;
using Winnow.Serve;

namespace Winnow.Bench.Serve;

/// <summary>
/// Bounded load test of <c>winnow serve</c> on loopback: a fixed number of scoring requests (token-id prompts of 16–64
/// tokens, prompt_logprobs 0, max_tokens 1 — the shape the http backend sends) from N concurrent clients, stopped at a
/// time limit. Reports errors, throughput, p50/p99 latency and the batching factor (sequences per forward pass), and
/// the same prompts run in-process one at a time (the peer: what a server without batching could at best do).
/// Usage: timing serve-load [model-folder] [clients=128] [requests=1024] [time-limit-s=300]
/// </summary>
public static class ServeLoadTiming
{
    [TimingCommand("serve-load")]
    public static int Run(string[] args)
    {
        var folder = args.Length > 0 ? args[0] : Path.Combine("..", "shared", "fixtures", "gpt2-tiny");
        var clients = args.Length > 1 ? int.Parse(args[1], CultureInfo.InvariantCulture) : 128;
        var requests = args.Length > 2 ? int.Parse(args[2], CultureInfo.InvariantCulture) : 1024;
        var limit = TimeSpan.FromSeconds(args.Length > 3 ? double.Parse(args[3], CultureInfo.InvariantCulture) : 300);
        var served = ServedModel.Load(folder, null);
        var random = new Random(12);
        var prompts = Enumerable.Range(0, requests)
            .Select(_ => Enumerable.Range(0, random.Next(16, 65)).Select(_ => random.Next(served.Model.VocabSize)).ToArray())
            .ToArray();
        return RunAsync(served, prompts, clients, limit).GetAwaiter().GetResult();
    }

    private static async Task<int> RunAsync(ServedModel served, int[][] prompts, int clients, TimeSpan limit)
    {
        var options = new ServeOptions { Port = 0, MaxConcurrentRequests = Math.Max(clients, 256) };
        await using var server = await WinnowServer.Start(served, options, CancellationToken.None);
        using var http = new HttpClient(new SocketsHttpHandler { MaxConnectionsPerServer = clients }) { BaseAddress = server.Address, Timeout = limit };
        using var deadline = new CancellationTokenSource(limit);
        var latencies = new double[prompts.Length];
        var errors = 0;
        var next = -1;
        var clock = Stopwatch.StartNew();
        var workers = Enumerable.Range(0, clients).Select(async _ =>
        {
            int i;
            while ((i = Interlocked.Increment(ref next)) < prompts.Length && !deadline.IsCancellationRequested)
            {
                var body = new JsonObject
                {
                    ["prompt"] = new JsonArray(prompts[i].Select(t => (JsonNode)t).ToArray()),
                    ["max_tokens"] = 1,
                    ["prompt_logprobs"] = 0,
                }.ToJsonString();
                var started = clock.Elapsed;
                try
                {
                    using var response = await http.PostAsync("v1/completions", new StringContent(body, Encoding.UTF8, "application/json"), deadline.Token);
                    await response.Content.ReadAsStringAsync(deadline.Token);
                    if (!response.IsSuccessStatusCode)
                        Interlocked.Increment(ref errors);
                }
                catch (Exception e) when (e is HttpRequestException or OperationCanceledException)
                {
                    Interlocked.Increment(ref errors);
                }
                latencies[i] = (clock.Elapsed - started).TotalMilliseconds;
            }
        }).ToArray();
        await Task.WhenAll(workers);
        var wall = clock.Elapsed.TotalSeconds;
        var done = Math.Min(prompts.Length, next);
        var sorted = latencies[..done].Order().ToArray();
        var tokens = prompts[..done].Sum(p => (long)p.Length);

        var peer = Stopwatch.StartNew();
        var peerCount = Math.Min(done, 128);
        for (var i = 0; i < peerCount; i++)
        {
            served.Model.TokenLogProbs([prompts[i]], [(1, prompts[i].Length)]);
            served.Model.LogSoftmax([prompts[i]], [[prompts[i].Length - 1]]);
        }
        var peerRate = peerCount / peer.Elapsed.TotalSeconds;

        Console.WriteLine($"serve-load: {served.Name}, {clients} concurrent clients, {done}/{prompts.Length} requests in {wall:F1} s (limit {limit.TotalSeconds:F0} s), {errors} errors");
        Console.WriteLine($"  throughput {done / wall:F1} req/s, {tokens / wall:F0} prompt tokens/s");
        Console.WriteLine($"  latency p50 {Percentile(sorted, 0.50):F0} ms, p99 {Percentile(sorted, 0.99):F0} ms");
        Console.WriteLine($"  batching factor {(double)server.Sequences / Math.Max(1, server.ForwardPasses):F2} sequences per forward pass ({server.Sequences} sequences, {server.ForwardPasses} passes)");
        Console.WriteLine($"  peer (in-process, one prompt at a time, first {peerCount}): {peerRate:F1} prompts/s; server/peer {done / wall / peerRate:F2}x");
        return errors == 0 && done == prompts.Length ? 0 : 1;
    }

    private static double Percentile(double[] sorted, double q) =>
        sorted.Length == 0 ? double.NaN : sorted[Math.Min(sorted.Length - 1, (int)Math.Ceiling(q * sorted.Length) - 1)];
}

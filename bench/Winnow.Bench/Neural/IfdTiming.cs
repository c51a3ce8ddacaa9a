using Winnow.Text;
using System.Diagnostics;
using Winnow.Backends.Managed;
using Winnow.Data;
using Winnow.Models;
using Winnow.Scoring.Neural;
using Winnow.Tokenizers;

namespace Winnow.Bench.Neural;

/// <summary>
/// Rows/s of the <c>ifd</c> scorer (Superfiltering variant, template none), batched (length-sorted batches of 16 rows,
/// both passes of every row sharing them) against one sequence per forward call, on real Alpaca rows from
/// ../shared/data/alpaca_cherry_5pct.json with the real GPT-2 tokenizer (gpt2-tiny's tokenizer.json).
/// Models: <c>tiny</c> = the gpt2-tiny fixture (max_length 256, its context); <c>small</c> = GPT-2-small shapes with
/// random weights (max_length 1024, the paper's setting). Prints per-repetition times, medians, tokens per row and the
/// projected wall time for Alpaca-52k (52,002 rows) at the batched median.
/// Usage: timing ifd [tiny|small] [rows=32] [repetitions=3] [threads=2].
/// </summary>
public static class IfdTiming
{
    private const int AlpacaRows = 52002;

    [TimingCommand("ifd")]
    public static int Run(string[] args)
    {
        var which = args.Length > 0 ? args[0] : "tiny";
        var rowCount = args.Length > 1 ? int.Parse(args[1]) : 32;
        var repetitions = args.Length > 2 ? int.Parse(args[2]) : 3;
        var threads = args.Length > 3 ? int.Parse(args[3]) : 2;
        var shared = SharedFolder();
        var tokenizer = Tokenizer.Load(Path.Combine(shared, "fixtures", "gpt2-tiny"));
        var options = new ModelOptions { Threads = threads };
        var (model, maxLength) = which switch
        {
            "tiny" => (CausalLM.Load(Path.Combine(shared, "fixtures", "gpt2-tiny"), options), 256),
            "small" => (Winnow.Bench.Models.RandomGpt2Small.Build(options), 1024),
            _ => throw new ArgumentException($"model '{which}': expected tiny or small"),
        };
        var rows = DatasetReader.Read(Path.Combine(shared, "data", "alpaca_cherry_5pct.json"))
            .Select(o => o.Sample).OfType<Sample>().Take(rowCount).ToList();
        var backend = ManagedBackend.InMemory(which, model, tokenizer);
        var planner = new IfdPlanner(IfdVariant.Superfiltering, IfdTemplate.None, new ResponseTokenizer(tokenizer, AnswerBoundary.Offsets), maxLength, 1);
        var tokens = rows.Select(planner.Plan).Where(p => p.Skip is null).Sum(p => p.Direct!.Ids.Length + p.Conditioned!.Ids.Length);
        Console.WriteLine($"model {which}, {rows.Count} rows, {tokens} tokens in both passes ({(double)tokens / rows.Count:F0} per row), {threads} threads, {repetitions} repetitions");

        Console.WriteLine("| batching | median s | rows/s | tokens/s | runs (s) |");
        Console.WriteLine("|---|---|---|---|---|");
        var medians = new Dictionary<int, double>();
        foreach (var batchSize in new[] { 1, 16 })
        {
            var scorer = new IfdScorer(backend, planner, new BatchedLosses(backend, batchSize, 16384));
            scorer.Score(rows.Take(2).ToList(), CancellationToken.None); // warm-up: JIT and buffers
            var seconds = new List<double>();
            for (var r = 0; r < repetitions; r++)
            {
                var watch = Stopwatch.StartNew();
                var results = scorer.Score(rows, CancellationToken.None);
                seconds.Add(watch.Elapsed.TotalSeconds);
                if (r == 0)
                    Console.Error.WriteLine($"batch {batchSize}: {results.Count(x => x.IsOk)} rows scored, {results.Count(x => !x.IsOk)} row errors");
            }
            var median = seconds.Order().ElementAt(seconds.Count / 2);
            medians[batchSize] = median;
            Console.WriteLine($"| {(batchSize == 1 ? "one sequence per call" : $"length-sorted batches of {batchSize} sequences")} | {median:F2} | {rows.Count / median:F2} | {tokens / median:F0} | {string.Join(", ", seconds.Select(s => s.ToString("F2")))} |");
        }
        var projected = AlpacaRows / (rows.Count / medians[16]);
        Console.WriteLine($"projected Alpaca-52k wall time at the batched median: {projected / 3600:F2} h ({projected:F0} s)");
        return 0;
    }

    internal static string SharedFolder()
    {
        var dir = new DirectoryInfo(AppContext.BaseDirectory);
        while (dir is not null && !Directory.Exists(Path.Combine(dir.FullName, "..", "shared", "fixtures")))
            dir = dir.Parent;
        return dir is null
            ? throw new DirectoryNotFoundException("../shared (fixtures and data) not found above " + AppContext.BaseDirectory)
            : Path.GetFullPath(Path.Combine(dir.FullName, "..", "shared"));
    }
}

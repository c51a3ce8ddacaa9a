using System.Diagnostics;
using Winnow.Data;
using Winnow.Pipeline;

namespace Winnow.Bench.Pipeline;

/// <summary>
/// End-to-end timing of the built-in default selection (the job <c>winnow select</c> runs), with wall time per
/// stage and the process's peak resident memory.
/// <list type="bullet">
/// <item><c>timing select-pool BUDGET FILE…</c>: the given Alpaca-format files concatenated into one JSONL
/// (e.g. the four in ../shared/data), then selected.</item>
/// <item><c>timing select-synthetic ROWS BUDGET</c>: a generated demo-style JSONL of ROWS rows, then selected.</item>
/// </list>
/// </summary>
public static class SelectTiming
{
    [TimingCommand("select-pool")]
    public static int Pool(string[] args)
    {
        if (args.Length < 2)
        {
            Console.Error.WriteLine("usage: timing select-pool BUDGET FILE [FILE…]");
            return 2;
        }
        var dir = Directory.CreateTempSubdirectory("winnow-select-pool-").FullName;
        var input = Path.Combine(dir, "pool.jsonl");
        var rows = args[1..].SelectMany(f => DatasetReader.Read(f)).Select((o, i) => Reindex(o.Sample ?? throw new InvalidDataException(o.Error!.ToString()), i));
        SampleFileWriter.WriteAlpaca(input, rows, DatasetLayout.JsonLines);
        return Run(input, int.Parse(args[0]), dir);
    }

    [TimingCommand("select-synthetic")]
    public static int Synthetic(string[] args)
    {
        if (args.Length != 2)
        {
            Console.Error.WriteLine("usage: timing select-synthetic ROWS BUDGET");
            return 2;
        }
        var dir = Directory.CreateTempSubdirectory("winnow-select-synthetic-").FullName;
        var input = Path.Combine(dir, "synthetic.jsonl");
        var (data, _) = DemoDataset.Generate(int.Parse(args[0]), seed: 1);
        var rows = data.Where(r => r.Output.Length > 0).Select((r, i) => new Sample(
            i,
            [new Turn(Role.User, r.Input.Length == 0 ? r.Instruction : r.Instruction + "\n\n" + r.Input), new Turn(Role.Assistant, r.Output)],
            r.Instruction,
            r.Input,
            r.Output));
        SampleFileWriter.WriteAlpaca(input, rows, DatasetLayout.JsonLines);
        data.Clear();
        data.TrimExcess();
        GC.Collect();
        return Run(input, int.Parse(args[1]), dir);
    }

    private static Sample Reindex(Sample s, int index) => new(index, s.Turns, s.Instruction, s.Input, s.Response);

    private static int Run(string input, int budget, string dir)
    {
        var recipe = Catalog.DefaultRecipe();
        var scorers = recipe.Scorers.Select(s => Catalog.Scorers.Create(s.Name, s.ToParameters("scorer"))).ToList();
        var embedder = Catalog.Embedders.Create(recipe.Embedder!.Name, recipe.Embedder.ToParameters("embedder"));
        var selector = Catalog.Selectors.Create(recipe.Selector.Name, recipe.Selector.ToParameters("selector"));
        var options = recipe.WithRowDecisions(new SelectOptions { Input = input, Output = Path.Combine(dir, "subset.jsonl"), Budget = budget, OnError = OnErrorPolicy.Skip });
        var stages = new StageClock();
        var clock = Stopwatch.StartNew();
        var summary = SelectPipeline.Run(options, scorers, embedder, selector, stages, CancellationToken.None);
        clock.Stop();
        stages.Close();
        Console.WriteLine($"input: {new FileInfo(input).Length / 1e6:F1} MB, {summary.Scan.TotalRows:N0} rows ({summary.Scan.UsableIndices.Count:N0} usable), budget {budget}");
        foreach (var (stage, seconds) in stages.Durations)
            Console.WriteLine($"  {stage,-28} {seconds,8:F2} s");
        Console.WriteLine($"wall: {clock.Elapsed.TotalSeconds:F2} s; peak RSS: {Process.GetCurrentProcess().PeakWorkingSet64 / (1024.0 * 1024):F0} MiB; selected {summary.Selection.Selected.Count:N0}");
        Directory.Delete(dir, recursive: true);
        return 0;
    }

    /// <summary>Time from each stage's first progress report to the next stage's first report.</summary>
    private sealed class StageClock : IProgress<StageProgress>
    {
        private readonly Stopwatch _clock = Stopwatch.StartNew();
        private string? _current;
        private double _started;

        public List<(string Stage, double Seconds)> Durations { get; } = [];

        public void Report(StageProgress value)
        {
            if (value.Stage == _current)
                return;
            Close();
            _current = value.Stage;
            _started = _clock.Elapsed.TotalSeconds;
        }

        public void Close()
        {
            if (_current is not null)
                Durations.Add((_current, _clock.Elapsed.TotalSeconds - _started));
            _current = null;
        }
    }
}

using Winnow.Filters;
using Winnow.Pipeline;

namespace Winnow.Tests.Pipeline;

/// <summary>
/// The default recipe's filter checkpoints in a whole <c>select</c>: a re-run or a run cancelled after the filters
/// loads near-dedup's and response-fit's steps (with response-fit's gate) instead of running them, and its outputs
/// are byte-identical to an uninterrupted run's.
/// </summary>
public sealed class FilterCheckpointPipelineTests : IDisposable
{
    private readonly string _dir = Directory.CreateTempSubdirectory("winnow-filter-checkpoints-").FullName;

    public void Dispose() => Directory.Delete(_dir, recursive: true);

    /// <summary>The files compared: every output of the run whose bytes do not hold times (the run log does).</summary>
    private static readonly string[] Compared = ["", ".decisions.jsonl", ".report.json", ".scores.jsonl", ".embeddings.f16"];

    private string Data()
    {
        var path = Path.Combine(_dir, "pool.json");
        if (!File.Exists(path))
            DemoDataset.Write(path, 300, seed: 3);
        return path;
    }

    private string Output(string folder) => Path.Combine(Directory.CreateDirectory(Path.Combine(_dir, folder)).FullName, "subset.json");

    /// <summary>Runs the default recipe; returns the stage names it reported, in order.</summary>
    private List<string> Select(string output, Func<StageProgress, bool>? cancelAt = null)
    {
        var options = new SelectOptions { Input = Data(), Output = output, Budget = 30, OnError = OnErrorPolicy.Skip, BatchSize = 16 };
        using var cancel = new CancellationTokenSource();
        var stages = new Stages(value =>
        {
            if (cancelAt?.Invoke(value) == true)
                cancel.Cancel();
        });
        RunPlan.Compile(Catalog.DefaultRecipe(), options).Run(stages, cancel.Token);
        return stages.Names;
    }

    /// <summary>Records each stage's name as it is first reported, synchronously, and shows every report to <paramref name="seen"/>.</summary>
    private sealed class Stages(Action<StageProgress> seen) : IProgress<StageProgress>
    {
        public List<string> Names { get; } = [];

        public void Report(StageProgress value)
        {
            if (Names.Count == 0 || Names[^1] != value.Stage)
                Names.Add(value.Stage);
            seen(value);
        }
    }

    private static void SameFiles(string expected, string actual)
    {
        foreach (var suffix in Compared)
            Assert.True(File.ReadAllBytes(expected + suffix).AsSpan().SequenceEqual(File.ReadAllBytes(actual + suffix)), $"{suffix} differs");
    }

    private static void FiltersLoaded(List<string> stages)
    {
        Assert.Contains("filter near-dedup, from checkpoint", stages);
        Assert.Contains("filter response-fit, from checkpoint", stages);
        Assert.DoesNotContain(stages, s => s.StartsWith("filter", StringComparison.Ordinal) && s.Contains("pass", StringComparison.Ordinal));
    }

    [Fact]
    public void A_rerun_loads_the_filters_from_their_checkpoints_and_writes_the_same_files()
    {
        var output = Output("run");
        var first = Select(output);
        Assert.Contains("filter near-dedup, pass 2", first);
        Assert.Contains("filter response-fit, pass 3", first);
        var checkpoints = Directory.GetFiles(FilterCheckpoints.FolderFor(output)).Select(Path.GetFileName).Order(StringComparer.Ordinal);
        Assert.Equal(["step-2-near-dedup.ckpt", "step-4-response-fit.ckpt"], checkpoints);
        var saved = Compared.ToDictionary(s => s, s => File.ReadAllBytes(output + s));
        var firstLog = RunLog.Read(RunLog.PathFor(output));

        var second = Select(output);
        FiltersLoaded(second);
        foreach (var (suffix, bytes) in saved)
            Assert.True(bytes.AsSpan().SequenceEqual(File.ReadAllBytes(output + suffix)), $"{suffix} differs on the re-run");
        // The run log keeps the recorded filter times and says which steps were loaded: degeneracy ran inside response-fit's step.
        var log = RunLog.Read(RunLog.PathFor(output));
        Assert.Equal(firstLog.Filters!.Select(f => f.Seconds).Skip(1), log.Filters!.Select(f => f.Seconds).Skip(1));
        Assert.Equal([null, true, true, true], log.Filters!.Select(f => f.FromCheckpoint));
    }

    [Fact]
    public void A_run_cancelled_while_scoring_resumes_from_the_checkpoints_and_ends_as_an_uninterrupted_run()
    {
        var reference = Output("reference");
        Select(reference);

        var output = Output("cancelled");
        Assert.ThrowsAny<OperationCanceledException>(() => Select(output, p => p.Stage.StartsWith("score", StringComparison.Ordinal) && p.Done >= 32));
        Assert.False(File.Exists(output), "the cancelled run published a selection");
        Assert.Equal(2, Directory.GetFiles(FilterCheckpoints.FolderFor(output)).Length);

        FiltersLoaded(Select(output));
        SameFiles(reference, output);
    }

    [Fact]
    public void Response_fits_gate_survives_a_resume()
    {
        var reference = Output("reference");
        Select(reference);
        var output = Output("resumed");
        Assert.ThrowsAny<OperationCanceledException>(() => Select(output, p => p.Stage.StartsWith("embed", StringComparison.Ordinal)));
        FiltersLoaded(Select(output));

        static string[] Gated(string path) => File.ReadLines(path + ".decisions.jsonl").Where(l => l.Contains(SelectionGates.ReasonPrefix, StringComparison.Ordinal)).ToArray();
        var gated = Gated(reference);
        Assert.NotEmpty(gated);
        Assert.Equal(gated, Gated(output));
    }
}

using Winnow.Pipeline;

namespace Winnow.Tests.Pipeline;

public sealed class RunOutputsTests : IDisposable
{
    private readonly string _dir = Directory.CreateTempSubdirectory("winnow-outputs-").FullName;

    public void Dispose() => Directory.Delete(_dir, recursive: true);

    private string P(string name) => Path.Combine(_dir, name);

    private static void StageText(RunOutputs outputs, string target, string text) => File.WriteAllText(outputs.Stage(target), text);

    [Fact]
    public void PublishMovesEveryStagedFileIntoPlaceAndLeavesNothingBehind()
    {
        File.WriteAllText(P("out.json"), "old selection");
        File.WriteAllText(P("out.json.report.json"), "old report");
        var outputs = new RunOutputs(P("out.json"));
        StageText(outputs, P("out.json"), "new selection");
        StageText(outputs, P("out.json.report.json"), "new report");
        Assert.Equal("old selection", File.ReadAllText(P("out.json")));

        outputs.Publish(null);

        Assert.Equal("new selection", File.ReadAllText(P("out.json")));
        Assert.Equal("new report", File.ReadAllText(P("out.json.report.json")));
        Assert.Equal(["out.json", "out.json.report.json"], Directory.GetFiles(_dir).Select(Path.GetFileName).Order(StringComparer.Ordinal));
    }

    /// <summary>A sidecar an earlier run left and this run does not write (embeddings of a recipe that no longer embeds) goes with the publish.</summary>
    [Fact]
    public void AFileMarkedForRemovalIsGoneAfterThePublishAndKeptBefore()
    {
        File.WriteAllText(P("out.json"), "old selection");
        File.WriteAllText(P("out.json.embeddings.f16"), "old embeddings");
        var outputs = new RunOutputs(P("out.json"));
        StageText(outputs, P("out.json"), "new selection");
        outputs.Remove(P("out.json.embeddings.f16"));
        Assert.True(File.Exists(P("out.json.embeddings.f16")));

        outputs.Publish(null);

        Assert.Equal(["out.json"], Directory.GetFiles(_dir).Select(Path.GetFileName));
    }

    [Fact]
    public void TheSelectionIsRemovedFirstAndPublishedLast()
    {
        File.WriteAllText(P("out.json"), "old selection");
        File.WriteAllText(P("out.json.report.json"), "old report");
        var outputs = new RunOutputs(P("out.json"));
        StageText(outputs, P("out.json"), "new selection");
        StageText(outputs, P("out.json.report.json"), "new report");
        var seen = new List<(long Done, bool SelectionExists, string Report)>();
        outputs.Publish(new Recorder(p => seen.Add((p.Done, File.Exists(P("out.json")), File.ReadAllText(P("out.json.report.json"))))));

        // At every step either no selection exists or everything is new: never a new selection beside an old report.
        Assert.Equal([(0L, false, "old report"), (1L, false, "new report"), (2L, true, "new report")], seen);
    }

    [Fact]
    public void RecoverCompletesAPublishThatWasInterrupted()
    {
        var outputs = new RunOutputs(P("out.json"));
        StageText(outputs, P("out.json"), "new selection");
        StageText(outputs, P("out.json.decisions.jsonl"), "new decisions");
        File.WriteAllText(P("out.json.embeddings.f16"), "an earlier run's embeddings");
        // Simulate a kill after the journal was written and the first file was moved.
        File.WriteAllText(RunOutputs.JournalPath(P("out.json")),
            $$"""{"Publish": ["{{P("out.json.decisions.jsonl")}}", "{{P("out.json")}}"], "Remove": ["{{P("out.json.embeddings.f16")}}"]}""");
        File.Move(RunOutputs.StagedPath(P("out.json.decisions.jsonl")), P("out.json.decisions.jsonl"));

        RunOutputs.Recover(P("out.json"));

        Assert.Equal("new selection", File.ReadAllText(P("out.json")));
        Assert.Equal(["out.json", "out.json.decisions.jsonl"], Directory.GetFiles(_dir).Select(Path.GetFileName).Order(StringComparer.Ordinal));
    }

    [Fact]
    public void RecoverDeletesWhatAKilledRunLeftHalfWritten()
    {
        File.WriteAllText(P("out.json"), "kept");
        File.WriteAllText(RunOutputs.StagedPath(P("out.json.report.json")), "half");
        File.WriteAllText(P(".out.json.decisions.jsonl.winnow-tmp"), "half");
        File.WriteAllText(P("other.json"), "not ours");

        RunOutputs.Recover(P("out.json"));

        Assert.Equal(["other.json", "out.json"], Directory.GetFiles(_dir).Select(Path.GetFileName).Order(StringComparer.Ordinal));
    }

    [Fact]
    public void PublishingAFileThatWasNotStagedIsAnError()
    {
        var outputs = new RunOutputs(P("out.json"));
        outputs.Stage(P("out.json"));
        Assert.Throws<InvalidOperationException>(() => outputs.Publish(null));
        Assert.False(File.Exists(RunOutputs.JournalPath(P("out.json"))));
    }

    private sealed class Recorder(Action<StageProgress> onReport) : IProgress<StageProgress>
    {
        public void Report(StageProgress value) => onReport(value);
    }
}

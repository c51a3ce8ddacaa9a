using Winnow.Pipeline;
using Winnow.Store;

namespace Winnow.Tests.Store;

public sealed class ScoreFileWriterTests : IDisposable
{
    private readonly string _dir = Directory.CreateTempSubdirectory("winnow-store-").FullName;

    public void Dispose() => Directory.Delete(_dir, recursive: true);

    [Fact]
    public void WritesRunRecordThenOneLinePerRowWithValuesOrError()
    {
        var path = Path.Combine(_dir, "s.jsonl");
        var rows = new[] { TestRows.Alpaca(0, "a", "hello"), TestRows.Alpaca(1, "b", "boom") };
        ScoreRunner.Run(new TestRows.LengthScorer(), () => rows, path, ShardSpec.Whole, 10, null, CancellationToken.None);
        var lines = File.ReadAllLines(path);
        Assert.Equal(3, lines.Length);
        Assert.StartsWith("{\"run\":", lines[0]);
        Assert.Contains("\"settings\":{\"unit\":\"chars\"}", lines[0]);
        Assert.Equal($"{{\"id\":\"{rows[0].Id}\",\"hash\":\"{rows[0].ContentHash}\",\"run\":\"{RunRecord.For(new TestRows.LengthScorer()).Key}\",\"scorer\":\"test-length\",\"variant\":\"default\",\"values\":{{\"chars\":5,\"half\":2.5}}}}", lines[1]);
        Assert.Contains("\"values\":null,\"error\":\"exploded\"", lines[2]);
        Assert.True(File.Exists(ShardFiles.MarkerPath(path, ShardSpec.Whole)));
    }

    [Fact]
    public void ResumeAfterKillGivesTheBytesOfAnUninterruptedRun()
    {
        var rows = TestRows.Pool(25);
        var whole = Path.Combine(_dir, "whole.jsonl");
        ScoreRunner.Run(new TestRows.LengthScorer(), () => rows, whole, ShardSpec.Whole, 4, null, CancellationToken.None);
        var expected = File.ReadAllBytes(whole);

        // Simulate kill -9 at every byte position: a prefix of the file, possibly ending mid-line, then a re-run.
        foreach (var cut in new[] { 0, 1, 17, expected.Length / 3, expected.Length / 2 + 5, expected.Length - 1 })
        {
            var path = Path.Combine(_dir, $"cut{cut}.jsonl");
            File.WriteAllBytes(path, expected[..cut]);
            var scorer = new TestRows.LengthScorer();
            var summary = ScoreRunner.Run(scorer, () => rows, path, ShardSpec.Whole, 4, null, CancellationToken.None);
            Assert.Equal(expected, File.ReadAllBytes(path));
            Assert.Equal(25, summary.Scored + summary.AlreadyDone);
        }
    }

    [Fact]
    public void ResumeSkipsRowsAlreadyScoredByIdNotByLineNumber()
    {
        var rows = TestRows.Pool(10);
        var path = Path.Combine(_dir, "r.jsonl");
        ScoreRunner.Run(new TestRows.LengthScorer(), () => rows.Take(6), path, ShardSpec.Whole, 3, null, CancellationToken.None);
        var again = new TestRows.LengthScorer();
        var summary = ScoreRunner.Run(again, () => rows.AsEnumerable().Reverse(), path, ShardSpec.Whole, 3, null, CancellationToken.None);
        Assert.Equal(6, summary.AlreadyDone);
        Assert.Equal(4, summary.Scored);
        Assert.Equal(11, File.ReadAllLines(path).Length);
    }

    [Fact]
    public void OtherSettingsForTheSameScorerAreRefusedNotMixed()
    {
        var path = Path.Combine(_dir, "m.jsonl");
        ScoreRunner.Run(new TestRows.LengthScorer(), () => TestRows.Pool(3), path, ShardSpec.Whole, 3, null, CancellationToken.None);
        var changed = new ChangedSettingsScorer();
        var error = Assert.Throws<InvalidDataException>(() => ScoreFileWriter.Open(path, RunRecord.For(changed)));
        Assert.Contains("other settings", error.Message);
        Assert.Contains("unit=chars", error.Message);
    }

    [Fact]
    public void APoolFittedRunRecordsItsPoolOutsideTheKey()
    {
        var scorer = new TestRows.LengthScorer();
        var plain = RunRecord.For(scorer);
        var fitted = RunRecord.For(scorer, "0123abcd");
        Assert.Equal(plain.Key, fitted.Key);
        Assert.DoesNotContain("fitted_on", System.Text.Encoding.UTF8.GetString(ScoreFileFormat.RunLine(plain)));
        var line = ScoreFileFormat.RunLine(fitted);
        var parsed = Assert.IsType<RunRecord>(ScoreFileFormat.Parse(line.AsSpan(0, line.Length - 1), "f.jsonl", 1));
        Assert.Equal("0123abcd", parsed.FittedOn);
        Assert.True(parsed.IsFitOf(plain, "0123abcd"));
        Assert.False(parsed.IsFitOf(plain, "ffffffff"));
        Assert.False(parsed.IsFitOf(RunRecord.For(new ChangedSettingsScorer()), "0123abcd"));
        Assert.False(parsed.IsFitOf(RunRecord.For(new TestRows.LengthScorer("other")), "0123abcd"));
    }

    [Fact]
    public void CorruptLineNamesFileAndLine()
    {
        var path = Path.Combine(_dir, "c.jsonl");
        File.WriteAllText(path, "{\"run\":\"x\"\nnot json\n");
        var error = Assert.Throws<InvalidDataException>(() => ScoreFileWriter.Open(path, RunRecord.For(new TestRows.LengthScorer())));
        Assert.Contains("c.jsonl:1", error.Message);
    }

    [Fact]
    public void CancellationLeavesAResumableFile()
    {
        var rows = TestRows.Pool(20);
        var path = Path.Combine(_dir, "cancel.jsonl");
        using var cts = new CancellationTokenSource();
        var progress = new Progress<Winnow.Pipeline.StageProgress>();
        var cancelling = new CancellingScorer(cts, afterCalls: 2);
        Assert.ThrowsAny<OperationCanceledException>(() => ScoreRunner.Run(cancelling, () => rows, path, ShardSpec.Whole, 5, null, cts.Token));
        Assert.False(File.Exists(ShardFiles.MarkerPath(path, ShardSpec.Whole)));
        ScoreRunner.Run(new TestRows.LengthScorer(), () => rows, path, ShardSpec.Whole, 5, null, CancellationToken.None);
        var reference = Path.Combine(_dir, "ref.jsonl");
        ScoreRunner.Run(new TestRows.LengthScorer(), () => rows, reference, ShardSpec.Whole, 5, null, CancellationToken.None);
        Assert.Equal(File.ReadAllBytes(reference), File.ReadAllBytes(path));
    }

    [Fact]
    public void ATextKeptPerRowRoundTripsAndResumesToTheSameBytes()
    {
        var rows = TestRows.Pool(9);
        var whole = Path.Combine(_dir, "text.jsonl");
        ScoreRunner.Run(new ReplyScorer(), () => rows, whole, ShardSpec.Whole, 2, null, CancellationToken.None);
        var expected = File.ReadAllBytes(whole);
        var lines = ScoreFileFormat.ReadAll(whole).OfType<ScoreLine>().ToList();
        Assert.Equal(rows.Select(r => $"reply to \"{r.Instruction}\"\nü ✓").ToArray(), lines.Select(l => l.Text!).ToArray());
        Assert.Equal("reply to \"Task number 3\"\nü ✓", lines[3].Text);
        Assert.Equal("odd row", lines[3].Error);
        foreach (var cut in new[] { 1, expected.Length / 2, expected.Length - 2 })
        {
            var path = Path.Combine(_dir, $"text{cut}.jsonl");
            File.WriteAllBytes(path, expected[..cut]);
            ScoreRunner.Run(new ReplyScorer(), () => rows, path, ShardSpec.Whole, 2, null, CancellationToken.None);
            Assert.Equal(expected, File.ReadAllBytes(path));
        }
    }

    [Fact]
    public void ScorersWithoutTextWriteNoTextKey()
    {
        var path = Path.Combine(_dir, "plain.jsonl");
        ScoreRunner.Run(new TestRows.LengthScorer(), () => TestRows.Pool(3), path, ShardSpec.Whole, 2, null, CancellationToken.None);
        Assert.DoesNotContain("\"text\"", File.ReadAllText(path));
        Assert.All(ScoreFileFormat.ReadAll(path).OfType<ScoreLine>(), l => Assert.Null(l.Text));
    }

    /// <summary>Keeps a reply per row (quotes, a line break, non-ASCII), failing odd rows with their reply kept.</summary>
    private sealed class ReplyScorer : Winnow.Scoring.IScorer
    {
        public string Name => "test-reply";
        public string Variant => "default";
        public IReadOnlyList<string> Fields { get; } = ["chars"];
        public IReadOnlyDictionary<string, string> Settings { get; } = new Dictionary<string, string>();
        public IReadOnlyList<Winnow.Scoring.ScoreResult> Score(IReadOnlyList<Winnow.Data.Sample> batch, CancellationToken cancellationToken) =>
            batch.Select(r => (r.Index % 2 == 1 ? Winnow.Scoring.ScoreResult.Fail("odd row") : Winnow.Scoring.ScoreResult.Ok(r.Response.Length)) with { Text = $"reply to \"{r.Instruction}\"\nü ✓" }).ToArray();
    }

    private sealed class ChangedSettingsScorer : Winnow.Scoring.IScorer
    {
        public string Name => "test-length";
        public string Variant => "default";
        public IReadOnlyList<string> Fields { get; } = ["chars", "half"];
        public IReadOnlyDictionary<string, string> Settings { get; } = new Dictionary<string, string> { ["unit"] = "bytes" };
        public IReadOnlyList<Winnow.Scoring.ScoreResult> Score(IReadOnlyList<Winnow.Data.Sample> batch, CancellationToken cancellationToken) => throw new NotSupportedException();
    }

    /// <summary>Behaves like LengthScorer but requests cancellation after a number of batches, as Ctrl+C would.</summary>
    [Fact]
    public void A_server_lost_mid_run_stops_it_with_every_earlier_batch_in_the_file()
    {
        // Batches are scored one ahead of the append: the batch the server failed on and nothing after it is lost.
        var rows = TestRows.Pool(20);
        var path = Path.Combine(_dir, "lost.jsonl");
        var lost = new LosingScorer(failOnCall: 3);
        Assert.Throws<Winnow.Backends.Http.ServerUnavailableException>(() => ScoreRunner.Run(lost, () => rows, path, ShardSpec.Whole, 4, null, CancellationToken.None));
        var scoredIds = File.ReadAllLines(path).Skip(1).Select(l => System.Text.Json.JsonDocument.Parse(l).RootElement.GetProperty("id").GetString()).ToList();
        Assert.Equal(rows.Take(8).Select(r => r.Id), scoredIds);
        Assert.False(File.Exists(ShardFiles.MarkerPath(path, ShardSpec.Whole)));

        var summary = ScoreRunner.Run(new TestRows.LengthScorer(), () => rows, path, ShardSpec.Whole, 4, null, CancellationToken.None);
        Assert.Equal((8L, 12L), (summary.AlreadyDone, summary.Scored));
        var reference = Path.Combine(_dir, "lost-ref.jsonl");
        ScoreRunner.Run(new TestRows.LengthScorer(), () => rows, reference, ShardSpec.Whole, 4, null, CancellationToken.None);
        Assert.Equal(File.ReadAllBytes(reference), File.ReadAllBytes(path));
    }

    private sealed class LosingScorer(int failOnCall) : Winnow.Scoring.IScorer
    {
        private readonly TestRows.LengthScorer _inner = new();
        private int _calls;
        public string Name => _inner.Name;
        public string Variant => _inner.Variant;
        public IReadOnlyList<string> Fields => _inner.Fields;
        public IReadOnlyDictionary<string, string> Settings => _inner.Settings;
        public IReadOnlyList<Winnow.Scoring.ScoreResult> Score(IReadOnlyList<Winnow.Data.Sample> batch, CancellationToken cancellationToken) =>
            ++_calls >= failOnCall
                ? throw new Winnow.Backends.Http.ServerUnavailableException($"the server stopped answering at batch {_calls}")
                : _inner.Score(batch, cancellationToken);
    }

    private sealed class CancellingScorer(CancellationTokenSource cts, int afterCalls) : Winnow.Scoring.IScorer
    {
        private readonly TestRows.LengthScorer _inner = new();
        public string Name => _inner.Name;
        public string Variant => _inner.Variant;
        public IReadOnlyList<string> Fields => _inner.Fields;
        public IReadOnlyDictionary<string, string> Settings => _inner.Settings;
        public IReadOnlyList<Winnow.Scoring.ScoreResult> Score(IReadOnlyList<Winnow.Data.Sample> batch, CancellationToken cancellationToken)
        {
            var result = _inner.Score(batch, cancellationToken);
            if (_inner.Calls >= afterCalls)
                cts.Cancel();
            return result;
        }
    }
}

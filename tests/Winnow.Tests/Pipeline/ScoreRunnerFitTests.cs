using System.Globalization;
using Winnow.Data;
using Winnow.Pipeline;
using Winnow.Scoring;
using Winnow.Store;

namespace Winnow.Tests.Pipeline;

/// <summary>
/// A pool-fitted scorer's fit is skipped only when the score file already holds every row of the shard under a run
/// fitted on the same pool with the same configured settings; in every other case it is fitted as before.
/// </summary>
public sealed class ScoreRunnerFitTests : IDisposable
{
    private readonly string _dir = Directory.CreateTempSubdirectory("winnow-fit-reuse-").FullName;

    public void Dispose() => Directory.Delete(_dir, recursive: true);

    /// <summary>Scores the response length minus the pool's mean length; the mean is a setting its fit adds.</summary>
    private sealed class MeanLengthScorer(string unit = "chars") : IPoolFittedScorer
    {
        private readonly Dictionary<string, string> _settings = new() { ["unit"] = unit };
        private double? _mean;

        public string Name => "test-mean-length";

        public string Variant => "default";

        public IReadOnlyList<string> Fields { get; } = ["excess"];

        public IReadOnlyDictionary<string, string> Settings => _settings;

        public int Fits { get; private set; }

        public void Fit(IEnumerable<Sample> pool, CancellationToken cancellationToken)
        {
            Fits++;
            _mean = pool.Average(s => s.Response.Length);
            _settings["mean"] = _mean.Value.ToString("R", CultureInfo.InvariantCulture);
        }

        public IReadOnlyList<ScoreResult> Score(IReadOnlyList<Sample> batch, CancellationToken cancellationToken) =>
            batch.Select(s => ScoreResult.Ok(s.Response.Length - (_mean ?? throw new InvalidOperationException("not fitted")))).ToArray();
    }

    private static ScoreRunSummary Run(IScorer scorer, List<Sample> rows, string path, string? pool, ShardSpec? shard = null) =>
        ScoreRunner.Run(scorer, () => rows, path, shard ?? ShardSpec.Whole, 4, null, CancellationToken.None, pool);

    [Fact]
    public void EveryRowScoredByARunFittedOnThisPoolSkipsTheFit()
    {
        var rows = TestRows.Pool(10);
        var path = Path.Combine(_dir, "s.jsonl");
        var first = new MeanLengthScorer();
        var made = Run(first, rows, path, "pool-a");
        Assert.Equal(1, first.Fits);
        Assert.False(made.FitSkipped);
        Assert.Contains("\"fitted_on\":\"pool-a\"", File.ReadLines(path).First());
        var bytes = File.ReadAllBytes(path);

        var again = new MeanLengthScorer();
        var reused = Run(again, rows, path, "pool-a");
        Assert.Equal(0, again.Fits);
        Assert.True(reused.FitSkipped);
        Assert.Equal((10L, 0L, 10L), (reused.Rows, reused.Scored, reused.AlreadyDone));
        // The summary carries the file's record, so the report still names the mean the fit chose.
        Assert.Equal(first.Settings["mean"], reused.Run.Settings["mean"]);
        Assert.Equal(made.Run.Key, reused.Run.Key);
        Assert.Equal(bytes, File.ReadAllBytes(path));
    }

    [Fact]
    public void AnotherPoolAMissingRowOrAnUnknownPoolFitsAgain()
    {
        var rows = TestRows.Pool(10);
        var path = Path.Combine(_dir, "s.jsonl");
        Run(new MeanLengthScorer(), rows, path, "pool-a");

        // Another pool's fit (here it chooses the same mean, so the run's rows are reused, as before this rule).
        var other = new MeanLengthScorer();
        var onOther = Run(other, rows, path, "pool-b");
        Assert.Equal(1, other.Fits);
        Assert.Equal((0L, 10L, false), (onOther.Scored, onOther.AlreadyDone, onOther.FitSkipped));

        // No pool given (a caller that does not know it): fitted.
        var unknown = new MeanLengthScorer();
        Run(unknown, rows, path, null);
        Assert.Equal(1, unknown.Fits);

        // A row missing from the file (an interrupted run): fitted, and only that row scored.
        File.WriteAllLines(path, File.ReadAllLines(path)[..^1]);
        var resumed = new MeanLengthScorer();
        var summary = Run(resumed, rows, path, "pool-a");
        Assert.Equal(1, resumed.Fits);
        Assert.Equal((1L, 9L, false), (summary.Scored, summary.AlreadyDone, summary.FitSkipped));
    }

    [Fact]
    public void OtherConfiguredSettingsAreNotTakenForTheFittedRun()
    {
        var rows = TestRows.Pool(6);
        var path = Path.Combine(_dir, "s.jsonl");
        Run(new MeanLengthScorer(), rows, path, "pool-a");
        var bytes = new MeanLengthScorer(unit: "bytes");
        var error = Assert.Throws<InvalidDataException>(() => Run(bytes, rows, path, "pool-a"));
        Assert.Equal(1, bytes.Fits);
        Assert.Contains("other settings", error.Message);
    }

    [Fact]
    public void AShardCountsOnlyItsOwnRows()
    {
        var rows = TestRows.Pool(9);
        var path = Path.Combine(_dir, "s.jsonl");
        var shard = new ShardSpec(1, 3);
        Run(new MeanLengthScorer(), rows, path, "pool-a", shard);
        var again = new MeanLengthScorer();
        var reused = Run(again, rows, path, "pool-a", shard);
        Assert.Equal(0, again.Fits);
        Assert.Equal((3L, 3L), (reused.Rows, reused.AlreadyDone));
        // Another shard's rows are not in this shard's file: that shard is fitted.
        var otherShard = new MeanLengthScorer();
        Run(otherShard, rows, path, "pool-a", new ShardSpec(2, 3));
        Assert.Equal(1, otherShard.Fits);
    }
}

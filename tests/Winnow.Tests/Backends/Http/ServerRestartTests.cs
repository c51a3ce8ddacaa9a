using Winnow.Backends.Http;
using Winnow.Data;
using Winnow.Pipeline;
using Winnow.Serve;
using Winnow.Tests.Serve;

namespace Winnow.Tests.Backends.Http;

/// <summary>
/// A <c>winnow serve</c> killed mid-run and restarted on the same port: the run stops with
/// <see cref="ServerUnavailableException"/> after its retries, the rows finished before are in the score file, the
/// re-run scores only the rest, and the file is byte for byte the file of an undisturbed run.
/// </summary>
public class ServerRestartTests
{
    [SharedFact]
    public async Task KilledAndRestartedServerLosesNoRowAndScoresNoneTwice()
    {
        var dir = Directory.CreateTempSubdirectory("winnow-restart-");
        try
        {
            var rows = Enumerable.Range(0, 8).Select(i => TestRows.Alpaca(i, $"Say thing {i}.", $"Thing {i} is said.")).ToArray();
            var fixture = await ServedFixture.Start("gpt2-tiny");
            var port = fixture.Server.Address.Port;
            var undisturbed = Path.Combine(dir.FullName, "undisturbed.jsonl");
            Run(fixture, rows, undisturbed, progress: null);

            var interrupted = Path.Combine(dir.FullName, "interrupted.jsonl");
            var kill = new KillAfter(4, () => fixture.DisposeAsync().AsTask().GetAwaiter().GetResult());
            var e = Assert.Throws<ServerUnavailableException>(() => Run(fixture, rows, interrupted, kill));
            Assert.Contains("run the same command again to resume", e.Message);
            // The kill comes once four rows are in the file; the batch then in flight may or may not have been
            // answered before the server went, so the file keeps four rows or six.
            var kept = File.ReadAllLines(interrupted).Length - 1;
            Assert.Contains(kept, new[] { 4, 6 });

            await using var restarted = await ServedFixture.Start("gpt2-tiny", new ServeOptions(), port);
            var summary = Run(restarted, rows, interrupted, progress: null);
            Assert.Equal(kept, summary.AlreadyDone);
            Assert.Equal(rows.Length - kept, summary.Scored);
            Assert.Equal(0, summary.Failed);
            Assert.Equal(File.ReadAllBytes(undisturbed), File.ReadAllBytes(interrupted));
        }
        finally
        {
            dir.Delete(recursive: true);
        }
    }

    private static ScoreRunSummary Run(ServedFixture server, Sample[] rows, string output, IProgress<StageProgress>? progress)
    {
        var p = HttpBackendScoringTests.Remote(server, new() { ["retries"] = "2", ["retry_delay_ms"] = "10", ["timeout_s"] = "5" });
        var scorer = Catalog.Scorers.Create("perplexity", new Parameters(p, "perplexity"));
        return ScoreRunner.Run(scorer, () => rows, output, ShardSpec.Whole, batchSize: 2, progress, CancellationToken.None);
    }

    /// <summary>Runs an action once, as soon as the run reports at least <paramref name="rows"/> rows in its file (synchronously, between batches).</summary>
    private sealed class KillAfter(long rows, Action action) : IProgress<StageProgress>
    {
        private bool _done;

        public void Report(StageProgress value)
        {
            if (_done || value.Done < rows)
                return;
            _done = true;
            action();
        }
    }
}

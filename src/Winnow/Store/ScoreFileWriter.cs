using System.Text;
using System.Text.Json;
using Winnow.Data;
using Winnow.Scoring;

namespace Winnow.Store;

/// <summary>
/// Appends one scorer run's results to a sidecar JSONL score file, resumably. Opening an existing file cuts
/// a partial last line (left by a killed process), checks every line, and remembers which rows this run has
/// already scored (by row id, which includes the content hash, never by line number). Every chunk is flushed
/// to disk before <see cref="Append"/> returns, so a kill loses at most the chunk in flight, and a re-run
/// produces the same bytes as an uninterrupted run because lines carry no timestamps.
/// </summary>
public sealed class ScoreFileWriter : IDisposable
{
    private readonly FileStream _stream;
    private readonly RowIdSet _done;
    private readonly RowIdSet _failed;
    private readonly RunRecord _run;
    private readonly string _runKey;

    private ScoreFileWriter(FileStream stream, RowIdSet done, RowIdSet failed, RunRecord run)
    {
        _stream = stream;
        _done = done;
        _failed = failed;
        _run = run;
        _runKey = run.Key;
    }

    public string Path => _stream.Name;

    /// <summary>Number of rows of this run already in the file (from earlier, interrupted runs included).</summary>
    public int DoneCount => _done.Count;

    public static ScoreFileWriter Open(string path, RunRecord run)
    {
        var directory = System.IO.Path.GetDirectoryName(System.IO.Path.GetFullPath(path));
        if (directory is not null)
            Directory.CreateDirectory(directory);
        var stream = new FileStream(path, FileMode.OpenOrCreate, FileAccess.ReadWrite, FileShare.Read);
        try
        {
            var done = new RowIdSet();
            var failed = new RowIdSet();
            var key = run.Key;
            var found = RecoverAndScan(stream, path, run, other => other.Key == key, (other, line) =>
                throw new InvalidDataException(
                    $"{path}:{line}: this score file already holds '{run.Scorer}' ({run.Variant}) scores made with other settings " +
                    $"(run {other.Key}: {Describe(other.Settings)}; now: {Describe(run.Settings)}). Use another score file or delete this one."),
                done, failed);
            var writer = new ScoreFileWriter(stream, done, failed, found ?? run);
            if (found is null)
                writer.WriteAndFlush(ScoreFileFormat.RunLine(run));
            return writer;
        }
        catch
        {
            stream.Dispose();
            throw;
        }
    }

    /// <summary>
    /// Opens an existing file at the run a fit of <paramref name="configured"/> (an unfitted pool-fitted scorer's
    /// record) on the pool <paramref name="poolFingerprint"/> wrote (<see cref="RunRecord.IsFitOf"/>); null when there
    /// is no file or no such run. The writer's <see cref="Run"/> is the file's record, the fit's settings included.
    /// </summary>
    public static ScoreFileWriter? OpenFittedRun(string path, RunRecord configured, string poolFingerprint)
    {
        if (!File.Exists(path))
            return null;
        var stream = new FileStream(path, FileMode.Open, FileAccess.ReadWrite, FileShare.Read);
        try
        {
            var done = new RowIdSet();
            var failed = new RowIdSet();
            var found = RecoverAndScan(stream, path, configured, other => other.IsFitOf(configured, poolFingerprint), (_, _) => { }, done, failed);
            if (found is not null)
                return new ScoreFileWriter(stream, done, failed, found);
            stream.Dispose();
            return null;
        }
        catch
        {
            stream.Dispose();
            throw;
        }
    }

    /// <summary>The run this writer appends to, as its record line in the file says.</summary>
    public RunRecord Run => _run;

    /// <summary>Whether this run already scored <paramref name="row"/> (looked up by its index and hash, no id string made).</summary>
    public bool IsDone(Sample row) => _done.Contains(row);

    /// <summary>Whether this run's stored result for <paramref name="row"/> is an error.</summary>
    public bool IsFailed(Sample row) => _failed.Contains(row);

    /// <summary>Writes one line per row, then flushes to disk. Rows already scored by this run are an error.</summary>
    public void Append(IReadOnlyList<Sample> rows, IReadOnlyList<ScoreResult> results)
    {
        if (rows.Count != results.Count)
            throw new InvalidOperationException($"scorer '{_run.Scorer}' returned {results.Count} results for {rows.Count} rows");
        var buffer = new MemoryStream();
        for (var i = 0; i < rows.Count; i++)
        {
            if (!_done.Add(rows[i]))
                throw new InvalidOperationException($"row {rows[i].Id} is already scored by run {_runKey}");
            if (!results[i].IsOk)
                _failed.Add(rows[i]);
            ScoreFileFormat.WriteScoreLine(buffer, rows[i], _runKey, _run, results[i]);
        }
        WriteAndFlush(buffer.GetBuffer().AsSpan(0, (int)buffer.Length));
    }

    public void Dispose() => _stream.Dispose();

    private void WriteAndFlush(ReadOnlySpan<byte> bytes)
    {
        _stream.Seek(0, SeekOrigin.End);
        _stream.Write(bytes);
        _stream.Flush(flushToDisk: true);
    }

    /// <summary>
    /// Cuts a trailing partial line, validates the rest, and collects the ids the run that <paramref name="isThisRun"/>
    /// picks already scored. Any other run of <paramref name="scorer"/>'s scorer and variant goes to
    /// <paramref name="sameScorer"/> with its line number (which may refuse the file). Returns the picked run's record,
    /// or null when the file holds none.
    /// </summary>
    private static RunRecord? RecoverAndScan(FileStream stream, string path, RunRecord scorer, Func<RunRecord, bool> isThisRun, Action<RunRecord, int> sameScorer, RowIdSet done, RowIdSet failed)
    {
        var length = stream.Length;
        if (length == 0)
            return null;
        var bytes = new byte[length];
        stream.ReadExactly(bytes);
        var end = Array.LastIndexOf(bytes, (byte)'\n') + 1;
        if (end < length)
            stream.SetLength(end);
        RunRecord? found = null;
        string? foundKey = null;
        var lineNumber = 0;
        var start = 0;
        while (start < end)
        {
            var newline = Array.IndexOf(bytes, (byte)'\n', start, end - start);
            lineNumber++;
            var line = bytes.AsSpan(start, newline - start);
            start = newline + 1;
            switch (ScoreFileFormat.Parse(line, path, lineNumber))
            {
                // A run's record line comes before its score lines (it is written when the run starts).
                case RunRecord other when found is null && isThisRun(other):
                    found = other;
                    foundKey = other.Key;
                    break;
                case RunRecord other when other.Key != foundKey && other.Scorer == scorer.Scorer && other.Variant == scorer.Variant:
                    sameScorer(other, lineNumber);
                    break;
                case ScoreLine score when score.Run == foundKey:
                    done.Add(score.Id);
                    if (score.Error is not null)
                        failed.Add(score.Id);
                    break;
            }
        }
        return found;
    }

    private static string Describe(IReadOnlyDictionary<string, string> settings) =>
        settings.Count == 0 ? "no settings" : string.Join(", ", settings.OrderBy(kv => kv.Key, StringComparer.Ordinal).Select(kv => $"{kv.Key}={kv.Value}"));
}

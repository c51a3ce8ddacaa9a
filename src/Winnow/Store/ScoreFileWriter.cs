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
            var hasRunRecord = RecoverAndScan(stream, path, run, done, failed);
            var writer = new ScoreFileWriter(stream, done, failed, run);
            if (!hasRunRecord)
                writer.WriteAndFlush(ScoreFileFormat.RunLine(run));
            return writer;
        }
        catch
        {
            stream.Dispose();
            throw;
        }
    }

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

    /// <summary>Cuts a trailing partial line, validates the rest, and collects the ids this run already scored.</summary>
    private static bool RecoverAndScan(FileStream stream, string path, RunRecord run, RowIdSet done, RowIdSet failed)
    {
        var length = stream.Length;
        if (length == 0)
            return false;
        var bytes = new byte[length];
        stream.ReadExactly(bytes);
        var end = Array.LastIndexOf(bytes, (byte)'\n') + 1;
        if (end < length)
            stream.SetLength(end);
        var runKey = run.Key;
        var hasRunRecord = false;
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
                case RunRecord other when other.Key == runKey:
                    hasRunRecord = true;
                    break;
                case RunRecord other when other.Scorer == run.Scorer && other.Variant == run.Variant:
                    throw new InvalidDataException(
                        $"{path}:{lineNumber}: this score file already holds '{run.Scorer}' ({run.Variant}) scores made with other settings " +
                        $"(run {other.Key}: {Describe(other.Settings)}; now: {Describe(run.Settings)}). Use another score file or delete this one.");
                case ScoreLine score when score.Run == runKey:
                    done.Add(score.Id);
                    if (score.Error is not null)
                        failed.Add(score.Id);
                    break;
            }
        }
        return hasRunRecord;
    }

    private static string Describe(IReadOnlyDictionary<string, string> settings) =>
        settings.Count == 0 ? "no settings" : string.Join(", ", settings.OrderBy(kv => kv.Key, StringComparer.Ordinal).Select(kv => $"{kv.Key}={kv.Value}"));
}

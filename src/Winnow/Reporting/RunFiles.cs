using System.Text.Json;
using Winnow.Embedding;
using Winnow.Pipeline;
using Winnow.Store;

namespace Winnow.Reporting;

/// <summary>
/// Everything a finished <c>winnow select</c> left beside its output file, loaded for a report: the decisions (needed),
/// the report.json and score file (its path from the run log, else <c>&lt;output&gt;.scores.jsonl</c>), and the run log and embeddings (optional: older runs and recipes without
/// an embedder have none).
/// </summary>
public sealed class RunFiles
{
    private RunFiles(string selection, IReadOnlyList<Decision> decisions, SelectionReport report, IReadOnlyList<RunRecord> scoreRuns, string scoresPath, RunLog? log, string? embeddingsPath)
    {
        Selection = selection;
        Decisions = decisions;
        Report = report;
        ScoreRuns = scoreRuns;
        ScoresPath = scoresPath;
        Log = log;
        EmbeddingsPath = embeddingsPath;
    }

    public string Selection { get; }

    /// <summary>Short name of the run in a report: the selection file's name.</summary>
    public string Name => Path.GetFileName(Selection);

    public IReadOnlyList<Decision> Decisions { get; }

    public SelectionReport Report { get; }

    /// <summary>Provenance of every scorer run recorded in the score file.</summary>
    public IReadOnlyList<RunRecord> ScoreRuns { get; }

    public string ScoresPath { get; }

    public RunLog? Log { get; }

    public string? EmbeddingsPath { get; }

    public static RunFiles Load(string selection)
    {
        var decisionsPath = selection + ".decisions.jsonl";
        var reportPath = selection + ".report.json";
        var logPath = RunLog.PathFor(selection);
        var log = File.Exists(logPath) ? RunLog.Read(logPath) : null;
        var scoresPath = log?.ScoresPath ?? selection + ".scores.jsonl";
        foreach (var needed in new[] { decisionsPath, reportPath })
        {
            if (!File.Exists(needed))
                throw new FileNotFoundException($"{needed} does not exist: 'winnow report' reads the files 'winnow select -o {selection}' writes beside its output");
        }
        SelectionReport report;
        using (var stream = File.OpenRead(reportPath))
        {
            try
            {
                report = JsonSerializer.Deserialize<SelectionReport>(stream, ReportJson.Options) ?? throw new InvalidDataException($"{reportPath}: empty report");
            }
            catch (JsonException e)
            {
                throw new InvalidDataException($"{reportPath}: not a selection report ({e.Message})");
            }
        }
        var scoreRuns = File.Exists(scoresPath) ? ScoreFileFormat.ReadAll(scoresPath).OfType<RunRecord>().ToList() : [];
        var embeddings = SelectOptions.EmbeddingsPathFor(selection);
        return new RunFiles(selection, Decision.ReadAll(decisionsPath), report, scoreRuns, scoresPath, log, File.Exists(embeddings) ? embeddings : null);
    }

    /// <summary>The embeddings of this run's usable rows, or null when the run kept none.</summary>
    public EmbeddingMatrix? ReadEmbeddings() => EmbeddingsPath is null ? null : EmbeddingFile.Read(EmbeddingsPath);

    /// <summary>Source indices of the rows the selector saw (selected or rejected by it), in file order.</summary>
    public IReadOnlyList<long> UsableIndices() =>
        Decisions.Where(d => d.Status is "selected" or "rejected").Select(d => d.Index).ToList();
}

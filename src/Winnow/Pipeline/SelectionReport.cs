using System.Text.Encodings.Web;
using System.Text.Json;
using System.Text.RegularExpressions;
using System.Text.Json.Serialization;
using Winnow.Embedding;
using Winnow.Scoring;
using Winnow.Selection;

namespace Winnow.Pipeline;

/// <summary>
/// Summary of a selection run, written as <c>&lt;output&gt;.report.json</c>: the row accounting, every
/// component's provenance, the reasons rows were chosen or rejected, and the diversity of the chosen set next
/// to that of the whole pool. It carries no timings, so reruns of the same command write the same bytes.
/// </summary>
public sealed partial record SelectionReport
{
    public required string Tool { get; init; }

    public required string Input { get; init; }

    public required string Output { get; init; }

    public required int Budget { get; init; }

    /// <summary>Each source of the pool (file, dataset folder, or the row's source field) with its pool and selection share.</summary>
    public IReadOnlyList<SourceShare>? Sources { get; init; }

    public required int Seed { get; init; }

    public required RowCounts Rows { get; init; }

    /// <summary>Each row filter in the order it ran: its parameters, rows in, rows out and rows set aside under its code.</summary>
    public IReadOnlyList<FilterReport> Filters { get; init; } = [];

    public required IReadOnlyList<ComponentReport> Scorers { get; init; }

    public ComponentReport? Embedder { get; init; }

    public required ComponentReport Selector { get; init; }

    public required int Selected { get; init; }

    /// <summary>How many rows each kind of reason covers (the reason text with every number replaced by <c>#</c>).</summary>
    public required IReadOnlyDictionary<string, int> SelectedBecause { get; init; }

    public required IReadOnlyDictionary<string, int> RejectedBecause { get; init; }

    public IReadOnlyDictionary<string, double>? DiversitySelected { get; init; }

    public IReadOnlyDictionary<string, double>? DiversityPool { get; init; }

    /// <summary>Entropy-family diversity of the selected rows over hashed word n-grams (<see cref="NgramDiversity"/>).</summary>
    public IReadOnlyDictionary<string, double>? NgramDiversitySelected { get; init; }

    /// <summary>Rows read, rejected at read, set aside by the filters (all steps), left for scoring, and failed by a scorer.</summary>
    public sealed record RowCounts(long Total, int BadInput, int Filtered, int Usable, long ScorerErrors);

    public sealed record FilterReport(string Name, string Code, IReadOnlyDictionary<string, string> Settings, long RowsIn, long RowsOut, long SetAside);

    public sealed record ComponentReport(string Name, string? Variant, IReadOnlyDictionary<string, string> Settings);

    public static SelectionReport Build(
        SelectOptions options,
        PoolScan scan,
        IReadOnlyList<Filters.FilterStep> filters,
        IReadOnlyList<ScoreRunSummary> scores,
        IEmbedder? embedder,
        ISelector selector,
        SelectionResult selection,
        EmbeddingMatrix? embeddings,
        IReadOnlyList<SourceFloorOutcome>? floor = null,
        SelectionDiversity.PoolFigures? poolFigures = null)
    {
        var (selectedDiversity, poolDiversity) = embeddings is null
            ? (null, null)
            : SelectionDiversity.Compare(embeddings, selection.Selected.Select(p => p.Row).ToArray(), poolFigures ?? SelectionDiversity.OfPool(embeddings, options.Seed), options.Seed);
        return new SelectionReport
        {
            Tool = ToolInfo.Version,
            Input = string.Join(", ", (options.Inputs ?? [options.Input]).Select(Path.GetFileName)),
            Output = Path.GetFileName(options.Output),
            Budget = options.Budget.Resolve(scan.UsableIndices.Count),
            Seed = options.Seed,
            Rows = new RowCounts(scan.TotalRows, scan.BadRows.Count, scan.Filtered.Count, scan.UsableIndices.Count, scores.Sum(s => s.Failed)),
            Filters = filters.Select(f => new FilterReport(f.Name, f.Code, Sorted(f.Settings), f.RowsIn, f.RowsOut, f.SetAside)).ToList(),
            // From the score file's run records: a fit skipped leaves the scorer without the settings its fit chose.
            Scorers = scores.Select(s => new ComponentReport(s.Run.Scorer, s.Run.Variant, Sorted(s.Run.Settings))).ToList(),
            Embedder = embedder is null ? null : new ComponentReport(embedder.Name, null, Sorted(embedder.Settings)),
            Selector = new ComponentReport(selector.Name, null, Sorted(selector.Settings)),
            Selected = selection.Selected.Count,
            Sources = SourceShare.Table(scan, selection, floor),
            SelectedBecause = CountReasons(selection.Selected.Select(p => p.Reason)),
            RejectedBecause = CountReasons(selection.Rejected.Select(r => r.Reason)),
            DiversitySelected = selectedDiversity,
            DiversityPool = poolDiversity,
        };
    }

    public void Write(string path) =>
        OutputFile.Write(path, stream => JsonSerializer.Serialize(stream, this, ReportJson.Options));

    private static SortedDictionary<string, string> Sorted(IReadOnlyDictionary<string, string> settings) =>
        new(settings.ToDictionary(), StringComparer.Ordinal);

    /// <summary>Rows per kind of reason, a kind being the reason's text with every number made #.</summary>
    internal static SortedDictionary<string, int> CountReasons(IEnumerable<string> reasons)
    {
        // Selectors share one reason text among the rows it explains (CaR: one per cluster), so rows are counted by
        // text first and each distinct text is reduced to its kind once, not once per row (≈ 880,000 rejections at 1M
        // rows).
        var byText = new Dictionary<string, int>(StringComparer.Ordinal);
        foreach (var reason in reasons)
            System.Runtime.InteropServices.CollectionsMarshal.GetValueRefOrAddDefault(byText, reason, out _)++;
        var counts = new SortedDictionary<string, int>(StringComparer.Ordinal);
        foreach (var (reason, rows) in byText)
        {
            var kind = Number.Replace(reason, "#");
            counts[kind] = counts.GetValueOrDefault(kind) + rows;
        }
        return counts;
    }

    [GeneratedRegex(@"-?\d+(\.\d+)?([eE][-+]?\d+)?")]
    private static partial Regex NumberPattern();

    private static readonly Regex Number = NumberPattern();
}

/// <summary>JSON settings of Winnow's reports: indented, snake_case names, nulls left out, text unescaped where JSON allows.</summary>
public static class ReportJson
{
    public static JsonSerializerOptions Options { get; } = new()
    {
        WriteIndented = true,
        PropertyNamingPolicy = JsonNamingPolicy.SnakeCaseLower,
        DictionaryKeyPolicy = null,
        DefaultIgnoreCondition = JsonIgnoreCondition.WhenWritingNull,
        NumberHandling = JsonNumberHandling.AllowNamedFloatingPointLiterals,
        Encoder = JavaScriptEncoder.UnsafeRelaxedJsonEscaping,
    };
}

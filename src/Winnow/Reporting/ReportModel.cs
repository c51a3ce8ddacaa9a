using Winnow.Pipeline;
using Winnow.Store;

namespace Winnow.Reporting;

/// <summary>One selection in a report: its run's files, the pool positions it chose (rank order) and what it set aside.</summary>
public sealed record MethodView(string Name, RunFiles Run, IReadOnlyList<MethodView.Pick> Selected, IReadOnlyList<MethodView.SetAside> SetAsideRows)
{
    /// <summary>A chosen row: its position in <see cref="ReportModel.Rows"/>, rank and reason.</summary>
    public readonly record struct Pick(int Position, int Rank, string Reason);

    /// <summary>A row not chosen: its pool position (−1 when the row could not be read), decision code and detail.</summary>
    public readonly record struct SetAside(int Position, long Index, string Code, string Detail);

    public IReadOnlySet<int> SelectedSet { get; } = Selected.Select(p => p.Position).ToHashSet();
}

/// <summary>A histogram of one quantity: bin edges, the pool's share per bin and each method's share per bin.</summary>
public sealed record HistogramData(string Title, string Explanation, double[] Edges, double[] PoolShare, IReadOnlyList<double[]> MethodShare, IReadOnlyList<Marker> Markers, int PoolCount, string Unit);

/// <summary>A vertical line on a histogram: a threshold, a cut, or a reference value, with its label.</summary>
public readonly record struct Marker(double Value, string Label);

/// <summary>Something a reader must look at, with the rows (pool positions) that trigger it.</summary>
public sealed record Alarm(string Title, string Detail, IReadOnlyList<int> Rows);

/// <summary>Per cluster: size in the analysed pool and how many rows each method took from it.</summary>
public sealed record ClusterRow(int Cluster, int Size, IReadOnlyList<int> Taken);

/// <summary>A down-sampled point of the 2-D map: pool position, coordinates, cluster.</summary>
public readonly record struct MapPoint(int Position, float X, float Y, int Cluster);

/// <summary>One diversity metric for the pool, each method and the seeded random baselines (min–max over seeds).</summary>
public sealed record DiversityRow(string Metric, string Explanation, bool HigherIsMoreDiverse, double Pool, IReadOnlyList<double> Methods, IReadOnlyList<(double Low, double High)> Random);

/// <summary>Provenance of one score column family: the scorer run's record and which runs used it.</summary>
public sealed record ScoreProvenance(RunRecord Run, string RunKey, IReadOnlyList<string> UsedBy);

/// <summary>Everything the HTML page shows, computed once from the run files.</summary>
public sealed record ReportModel
{
    public required string Title { get; init; }

    public required string InputPath { get; init; }

    public required IReadOnlyList<PoolRow> Rows { get; init; }

    public required IReadOnlyList<MethodView> Methods { get; init; }

    /// <summary>Score columns over pool positions (NaN: not scored or failed), one entry per distinct column.</summary>
    public required IReadOnlyDictionary<string, double[]> Scores { get; init; }

    /// <summary>Number of rows each scorer failed on, and those rows.</summary>
    public required IReadOnlyDictionary<string, IReadOnlyList<int>> ScorerErrors { get; init; }

    public required IReadOnlyList<HistogramData> ScoreHistograms { get; init; }

    public required IReadOnlyList<HistogramData> LengthHistograms { get; init; }

    public required IReadOnlyList<Alarm> Alarms { get; init; }

    /// <summary>Where the embeddings came from (a run's sidecar, or computed for the report), and how many rows they cover.</summary>
    public required string EmbeddingNote { get; init; }

    public required IReadOnlyList<ClusterRow> Clusters { get; init; }

    public required IReadOnlyList<MapPoint> Map { get; init; }

    public required int MapPoolRows { get; init; }

    public required IReadOnlyList<DiversityRow> Diversity { get; init; }

    public required int RandomSeeds { get; init; }

    public required IReadOnlyList<ScoreProvenance> Provenance { get; init; }

    /// <summary>Wall and CPU seconds spent on each stage of building this report (shown at the bottom of the page).</summary>
    public required IReadOnlyList<(string Stage, double Seconds, double CpuSeconds)> BuildTimings { get; init; }

    public IReadOnlyDictionary<string, IReadOnlyList<string>> PlanByMethod =>
        Methods.ToDictionary(m => m.Name, m => m.Run.Log?.Plan ?? FallbackPlan(m.Run.Report));

    private static IReadOnlyList<string> FallbackPlan(SelectionReport report) =>
        [.. report.Scorers.Select(s => $"score {s.Name} ({s.Variant})"), .. report.Embedder is { } e ? [$"embed {e.Name}"] : Array.Empty<string>(), $"select {report.Selector.Name}"];
}

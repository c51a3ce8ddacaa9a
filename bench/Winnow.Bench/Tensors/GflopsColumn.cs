using BenchmarkDotNet.Columns;
using BenchmarkDotNet.Reports;
using BenchmarkDotNet.Running;

namespace Winnow.Bench.Tensors;

/// <summary>
/// BenchmarkDotNet column "GFLOP/s" = 2·m·n·k / median time, for benchmarks whose <c>Shape</c> parameter is
/// "MxNxK" with an optional layout suffix letter.
/// </summary>
public sealed class GflopsColumn : IColumn
{
    public string Id => nameof(GflopsColumn);

    public string ColumnName => "GFLOP/s";

    public bool AlwaysShow => true;

    public ColumnCategory Category => ColumnCategory.Custom;

    public int PriorityInCategory => 0;

    public bool IsNumeric => true;

    public UnitType UnitType => UnitType.Dimensionless;

    public string Legend => "2·m·n·k floating-point operations divided by the median time";

    public string GetValue(Summary summary, BenchmarkCase benchmarkCase) => GetValue(summary, benchmarkCase, summary.Style);

    public string GetValue(Summary summary, BenchmarkCase benchmarkCase, SummaryStyle style)
    {
        var shape = benchmarkCase.Parameters.Items.FirstOrDefault(p => p.Name == "Shape")?.Value as string;
        var stats = summary[benchmarkCase]?.ResultStatistics;
        if (shape is null || stats is null)
            return "-";
        var dims = shape.TrimEnd('t', 'p').Split('x').Select(double.Parse).ToArray();
        return (2 * dims[0] * dims[1] * dims[2] / stats.Median).ToString("F1"); // FLOP per ns = GFLOP/s
    }

    public bool IsAvailable(Summary summary) => true;

    public bool IsDefault(Summary summary, BenchmarkCase benchmarkCase) => false;
}

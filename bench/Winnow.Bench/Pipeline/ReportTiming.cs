using System.Diagnostics;
using System.Globalization;
using Winnow.Data;
using Winnow.Reporting;
using Winnow.Reporting.Html;

namespace Winnow.Bench.Pipeline;

/// <summary>
/// <c>timing report REPEATS SELECTION…</c>: builds and writes the HTML report of finished selections REPEATS times in
/// one process and prints, per repeat, wall and CPU seconds per stage, the total, and the page size; then the median
/// total. The first repeat includes JIT compilation, as a fresh <c>winnow report</c> does.
/// </summary>
public static class ReportTiming
{
    [TimingCommand("report")]
    public static int Run(string[] args)
    {
        if (args.Length < 2 || !int.TryParse(args[0], CultureInfo.InvariantCulture, out var repeats) || repeats < 1)
        {
            Console.Error.WriteLine("usage: timing report REPEATS SELECTION [SELECTION…]");
            return 2;
        }
        var output = Path.Combine(Path.GetTempPath(), "winnow-report-timing.html");
        var totals = new List<double>();
        for (var r = 0; r < repeats; r++)
        {
            var clock = Stopwatch.StartNew();
            var cpu = Process.GetCurrentProcess().TotalProcessorTime;
            var model = ReportBuilder.Build(args[1..], null, new DatasetReadOptions(), 0, CancellationToken.None);
            var render = Stopwatch.StartNew();
            HtmlReport.Write(model, output);
            var total = clock.Elapsed.TotalSeconds;
            var totalCpu = (Process.GetCurrentProcess().TotalProcessorTime - cpu).TotalSeconds;
            totals.Add(total);
            Console.WriteLine(string.Join("; ", model.BuildTimings.Select(t => $"{t.Stage} {t.Seconds:0.00} s / {t.CpuSeconds:0.00} s CPU"))
                + $"; render {render.Elapsed.TotalSeconds:0.00} s");
            Console.WriteLine($"repeat {r + 1}: {total:0.00} s wall, {totalCpu:0.00} s CPU, {new FileInfo(output).Length / 1048576.0:0.0} MiB page, peak RSS {Process.GetCurrentProcess().PeakWorkingSet64 / 1048576.0:0} MiB");
        }
        Console.WriteLine($"median total {totals.Order().ElementAt(totals.Count / 2):0.00} s over {repeats} repeats; machine load average {File.ReadAllText("/proc/loadavg").Split(' ')[0]}");
        return 0;
    }
}

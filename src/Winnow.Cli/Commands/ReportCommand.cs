using System.CommandLine;
using System.Diagnostics;
using Winnow.Reporting;
using Winnow.Reporting.Html;

namespace Winnow.Cli.Commands;

/// <summary><c>winnow report</c>: one self-contained HTML page from the files of one or more finished selections of a pool.</summary>
public static class ReportCommand
{
    public static Command Create()
    {
        var selections = new Argument<string[]>("selections") { Description = "Output files of 'winnow select' (the files beside each are read too); several selections of one pool are compared.", Arity = ArgumentArity.OneOrMore };
        var output = new Option<string>("--output", "-o") { Description = "Where the HTML page goes.", Required = true };
        var input = new Option<string?>("--input") { Description = "The pool file the runs selected from (default: the path in the first run's .run.json)." };
        var format = CommonOptions.Format();
        var maxRow = CommonOptions.MaxRowMegabytes();
        var seed = CommonOptions.Seed();
        var command = new Command("report", """
            Write one HTML page (no network needed) about finished selections: overview and plan, time and memory per
            step, score and length histograms with the selection overlaid, alarms with the rows that trigger them,
            clusters and a 2-D map, diversity against seeded random selections, method overlap, searchable row tables
            and the provenance of every score.
            Examples:
              winnow report subset.json -o report.html
              winnow report car.json deita.json random.json -o compare.html
            """) { selections, output, input, format, maxRow, seed };
        command.SetAction((parse, cancellationToken) =>
        {
            var clock = Stopwatch.StartNew();
            var model = ReportBuilder.Build(parse.GetValue(selections)!, parse.GetValue(input), CommonOptions.ReadOptions(parse.GetValue(format), parse.GetValue(maxRow)), parse.GetValue(seed), cancellationToken);
            var path = parse.GetValue(output)!;
            HtmlReport.Write(model, path);
            parse.InvocationConfiguration.Output.WriteLine($"report of {model.Methods.Count} selection(s) over {model.Rows.Count:N0} rows, {model.Alarms.Count} alarm(s), {new FileInfo(path).Length / 1048576.0:0.0} MB, {clock.Elapsed.TotalSeconds:0.0} s → {path}");
            return Task.FromResult(ExitCodes.Ok);
        });
        return command;
    }
}

using System.CommandLine;
using Winnow.Pipeline.Cost;

namespace Winnow.Cli.Commands;

/// <summary><c>winnow plan</c>: the steps of a select run with their estimated time, token counts and memory, before any of it runs.</summary>
public static class PlanCommand
{
    public static Command Create()
    {
        var arguments = new SelectArguments();
        var sample = new Option<int>("--sample") { Description = "Rows drawn (seeded by --seed) for token counts and timings; a smaller pool is counted whole.", DefaultValueFactory = _ => new CostSettings().SampleRows };
        var calibrate = new Option<double>("--calibrate-seconds") { Description = "How long each scorer is timed on sample rows (at least one call of 32 rows).", DefaultValueFactory = _ => new CostSettings().CalibrationSeconds };
        var command = new Command("plan", """
            Before a run: its steps, the tokens each model scorer will read (its own tokenizer and truncation, counted on a
            seeded sample and scaled for big pools), an estimated time per step (the read is timed in full, each scorer is
            calibrated on sample rows with the configured backend, or a server's measured rate for the http backend) and the
            memory the run will need. Takes exactly the arguments of 'winnow select'; writes nothing.
            Examples:
              winnow plan data.json -n 10% -o subset.json --recipe recipes/superfiltering.yaml --var model=/models/gpt2
              winnow plan alpaca.json gsm8k.json -n 5000 -o mix.jsonl --recipe recipes/cherry.yaml --var model=/models/llama --sample 5000
            """);
        arguments.AddTo(command);
        command.Add(sample);
        command.Add(calibrate);
        command.SetAction((parse, cancellationToken) =>
        {
            var seconds = parse.GetValue(calibrate);
            if (!(seconds > 0))
                throw new ArgumentException($"--calibrate-seconds is {seconds}, expected a positive number");
            var plan = arguments.Compile(parse);
            var settings = new CostSettings(SampleRows: CommonOptions.AtLeastOne(parse.GetValue(sample), "--sample"), CalibrationSeconds: seconds);
            PlanPrinter.Print(parse.InvocationConfiguration.Output, plan, CostEstimator.Estimate(plan, settings, CostEstimator.SinceProcessStart(), cancellationToken));
            return Task.FromResult(ExitCodes.Ok);
        });
        return command;
    }
}

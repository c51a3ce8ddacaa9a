using System.CommandLine;
using System.Globalization;
using System.Text.Json;
using Winnow.Pipeline;
using Winnow.Quality.Evaluation;
using Winnow.Quality.Pairs;
using Winnow.Scoring;

namespace Winnow.Cli.Commands;

/// <summary><c>winnow eval pairs</c>: agreement of scorers with preference pairs (expert revisions, chosen/rejected).</summary>
public static class EvalCommand
{
    public static Command Create()
    {
        var pairs = new Option<string>("--pairs") { Description = "Pairs file: CSV src,pos,neg or src,score (CaR's APE files), or JSONL with chosen/rejected or response/score.", Required = true };
        var scorers = new Option<string[]>("--scorer", "-s") { Description = "NAME[.FIELD][:low] of a scorer to evaluate (':low' = lower is better); repeat for several.", DefaultValueFactory = _ => [] };
        var scorerParams = CommonOptions.Params("--param", "Scorer parameter as SCORER:key=value.");
        var pool = new Option<string?>("--pool") { Description = "Dataset that pool-fitted scorers (stat-ifd, ngram-lm, default-quality) fit on; default: the pairs' own texts." };
        var keepEscapes = new Option<bool>("--keep-escapes") { Description = "Do not decode \\n, \\\", \\uXXXX … in CSV text (by default both sides are decoded alike)." };
        var json = new Option<string?>("--json") { Description = "Also write the table as JSON to this file." };
        var seed = CommonOptions.Seed();
        var onError = CommonOptions.OnError();
        var command = new Command("pairs", """
            Pairwise accuracy of scorers on preference pairs (ties count half), with a seeded bootstrap 95 % interval,
            on all pairs and on the pairs whose preferred response is not longer; Kendall τ-b for graded files.
            Response length is always the first line.
            Examples:
              winnow eval pairs --pairs ../shared/data/APE_valid.csv -s quality -s lexical.mtld -s stat-ifd.ifd:low
              winnow eval pairs --pairs APE_score_valid.csv -s quality --param quality:model=my-model
              winnow eval pairs --pairs APE_valid.csv -s quality -s llm-judge --param llm-judge:server=http://127.0.0.1:8000
            """)
        {
            pairs, scorers, scorerParams, pool, keepEscapes, json, seed, onError,
        };
        command.SetAction((parse, cancellationToken) =>
        {
            var columns = parse.GetValue(scorers)!.Select(s => ScoreColumn.Parse(s, Catalog.Scorers.Contains)).ToList();
            var parameters = ScorerParameters(parse.GetValue(scorerParams)!, columns);
            var built = columns.Select(c => (c, Catalog.Scorers.Create(c.Scorer, new Parameters(parameters.GetValueOrDefault(c.Scorer), $"scorer '{c.Scorer}'")))).ToList();
            var set = PairFile.Read(parse.GetValue(pairs)!, decodeEscapes: !parse.GetValue(keepEscapes), skipBadRows: parse.GetValue(onError) == OnErrorPolicy.Skip);
            var poolPath = parse.GetValue(pool);
            var poolRows = poolPath is null ? null : Catalog.ReadTarget(poolPath).ToList();
            var lines = PairEvaluation.Run(set, built, poolRows, (ulong)parse.GetValue(seed), cancellationToken);
            var writer = parse.InvocationConfiguration.Output;
            foreach (var skipped in set.Skipped)
                writer.WriteLine($"skipped {skipped}");
            writer.WriteLine($"{set.Source}: {set.Pairs.Count:N0} pairs, {lines[0].NotLonger.Pairs:N0} where the preferred response is not longer{(set.Graded is null ? "" : $", {set.Graded.Count:N0} graded responses")}");
            foreach (var line in Table(lines, set.Graded is not null))
                writer.WriteLine(line);
            if (parse.GetValue(json) is { } jsonPath)
                File.WriteAllText(jsonPath, JsonSerializer.Serialize(lines.Select(l => new
                {
                    scorer = l.Label, pairs = l.Overall.Pairs, accuracy = l.Overall.Accuracy, low = l.Overall.Low, high = l.Overall.High,
                    not_longer_pairs = l.NotLonger.Pairs, not_longer = l.NotLonger.Accuracy, not_longer_low = l.NotLonger.Low, not_longer_high = l.NotLonger.High,
                    unscored = l.Unscored, kendall_tau = double.IsNaN(l.Tau) ? (double?)null : l.Tau,
                }), new JsonSerializerOptions { WriteIndented = true }));
            return Task.FromResult(ExitCodes.Ok);
        });
        return new Command("eval", "Evaluate scorers against reference judgements.") { command };
    }

    public static IEnumerable<string> Table(IReadOnlyList<EvaluationLine> lines, bool graded)
    {
        var width = Math.Max(24, lines.Max(l => l.Label.Length));
        yield return $"{"scorer".PadRight(width)}  {"accuracy [95 % CI]",-24}  {"not longer [95 % CI]",-24}{(graded ? "  Kendall τ" : "")}  unscored";
        foreach (var l in lines)
            yield return $"{l.Label.PadRight(width)}  {Cell(l.Overall),-24}  {Cell(l.NotLonger),-24}{(graded ? $"  {l.Tau,9:F3}" : "")}  {l.Unscored}";
    }

    private static string Cell(AccuracyEstimate e) =>
        e.Pairs == 0 ? "n/a" : string.Create(CultureInfo.InvariantCulture, $"{100 * e.Accuracy:F2} % [{100 * e.Low:F1}, {100 * e.High:F1}]");

    /// <summary>Groups <c>SCORER:key=value</c> options by scorer; a scorer that is not evaluated is a usage error.</summary>
    private static Dictionary<string, Dictionary<string, string>> ScorerParameters(IEnumerable<string> items, IReadOnlyList<ScoreColumn> columns)
    {
        var result = new Dictionary<string, Dictionary<string, string>>(StringComparer.Ordinal);
        foreach (var item in items)
        {
            var colon = item.IndexOf(':');
            var scorer = colon > 0 ? item[..colon] : throw new ArgumentException($"--param '{item}': expected SCORER:key=value");
            if (!columns.Any(c => c.Scorer == scorer))
                throw new ArgumentException($"--param '{item}': scorer '{scorer}' is not one of the --scorer options");
            var pair = CommonOptions.ParseKeyValues("--param", [item[(colon + 1)..]]).Single();
            var map = result.TryGetValue(scorer, out var existing) ? existing : result[scorer] = new(StringComparer.Ordinal);
            if (!map.TryAdd(pair.Key, pair.Value))
                throw new ArgumentException($"--param: key '{pair.Key}' is given twice for scorer '{scorer}'");
        }
        return result;
    }
}

using System.Diagnostics;
using System.Globalization;
using Winnow.Data;
using Winnow.Quality.Features;
using Winnow.Quality.Training;

namespace Winnow.Bench.Quality;

/// <summary>
/// <c>timing quality-features ROWS DIR [REPEATS]</c>: featurises the first rows of a generated pool (DIR holds one
/// Alpaca JSONL per source, as <c>timing generate-pool</c> writes it; each file gives its share of ROWS) with the
/// built-in quality model, on one thread, through the reference twins and through the fast featuriser, alternating
/// (reference, fast, reference, …). Prints CPU seconds per feature group for each, the whole vector's rows per
/// CPU-second, and whether every vector is bit-identical to the reference one.
/// </summary>
public static class QualityFeatureTiming
{
    private static readonly string[] Parts = ["charlm", "words", "length", "lexical", "structure", "overlap", "repetition", "markers", "hashed", "vector"];

    [TimingCommand("quality-features")]
    public static int Run(string[] args)
    {
        if (args.Length is < 2 or > 3)
        {
            Console.Error.WriteLine("usage: timing quality-features ROWS DIR [REPEATS]");
            return 2;
        }
        var rows = Read(int.Parse(args[0], CultureInfo.InvariantCulture), args[1]);
        var repeats = args.Length == 3 ? int.Parse(args[2], CultureInfo.InvariantCulture) : 3;
        var model = QualityModel.LoadBuiltIn();
        var reference = new CharLanguageModelsReference(model.CharModels!);
        Console.WriteLine($"{rows.Count:N0} rows, mean response {rows.Average(r => r.Response.Length):F0} chars; built-in model, groups {string.Join(",", model.Spec.Groups)}; one thread");
        var times = new Dictionary<string, List<double>>();
        for (var r = 0; r < repeats; r++)
        {
            foreach (var (label, groupTimes) in new[] { ("reference", ReferenceGroups(rows, reference)), ("fast", FastGroups(rows, model)) })
            {
                foreach (var (group, seconds) in groupTimes)
                    Add(times, $"{label} {group}", seconds);
            }
            Add(times, "reference vector", Vectors(rows, (p, s) => FeatureSpecReference.Vector(model.Spec, p, s, reference.Features(s)), out var expected));
            Add(times, "fast vector", Vectors(rows, (p, s) => model.Spec.Vector(p, s, model.CharModels!.Features(s)), out var actual));
            var differing = expected.Zip(actual).Count(v => !v.First.AsSpan().SequenceEqual(v.Second));
            Console.WriteLine($"repeat {r + 1}: reference vector {times["reference vector"][^1]:F2} CPU-s, fast {times["fast vector"][^1]:F2} CPU-s; vectors differing bit-wise: {differing}");
        }
        Console.WriteLine("| part | reference CPU-s (median) | fast CPU-s (median) | ratio |");
        Console.WriteLine("|---|---|---|---|");
        foreach (var part in Parts)
        {
            var before = times.TryGetValue($"reference {part}", out var slow) ? Median(slow) : 0;
            var after = Median(times[$"fast {part}"]);
            Console.WriteLine(FormattableString.Invariant($"| {part} | {before:F3} | {after:F3} | {(before > 0 ? $"{before / after:F1}×" : "")} |"));
        }
        var vector = Median(times["fast vector"]);
        Console.WriteLine(FormattableString.Invariant($"whole vector: reference {rows.Count / Median(times["reference vector"]):F0} rows/CPU-s, fast {rows.Count / vector:F0} rows/CPU-s"));
        return 0;
    }

    /// <summary>Each file's first rows, in proportion to its size in rows, as the quality stage sees them.</summary>
    private static List<(string Prompt, string Response)> Read(int rows, string dir)
    {
        var files = Directory.GetFiles(dir, "*.jsonl").Order(StringComparer.Ordinal).ToArray();
        var sizes = files.Select(f => File.ReadLines(f).LongCount()).ToArray();
        var result = new List<(string, string)>();
        for (var f = 0; f < files.Length; f++)
        {
            var take = (int)Math.Round(rows * (double)sizes[f] / sizes.Sum());
            result.AddRange(DatasetReader.Read(files[f]).Select(o => o.Sample).OfType<Sample>().Take(take).Select(s => (s.Prompt, s.Response)));
        }
        return result;
    }

    private static IEnumerable<(string, double)> ReferenceGroups(List<(string Prompt, string Response)> rows, CharLanguageModelsReference reference)
    {
        var buckets = new double[4096];
        yield return ("charlm", Cpu(() => rows.ForEach(r => reference.Features(r.Response))));
        foreach (var group in TextFeatures.Names.Keys)
            yield return (group, Cpu(() => rows.ForEach(r => TextFeaturesReference.Compute(group, r.Prompt, r.Response))));
        yield return ("hashed", Cpu(() => rows.ForEach(r => HashedWordFeaturesReference.Add(r.Response, buckets))));
    }

    /// <summary>
    /// The fast groups: "words" is the shared analysis every text group reads (tokenising both texts once); each
    /// text group's time is its pass less that analysis.
    /// </summary>
    private static IEnumerable<(string, double)> FastGroups(List<(string Prompt, string Response)> rows, QualityModel model)
    {
        var values = new double[4096];
        yield return ("charlm", Cpu(() => rows.ForEach(r => model.CharModels!.Features(r.Response))));
        var words = Cpu(() => rows.ForEach(r => FeatureText.Of(r.Prompt, r.Response)));
        yield return ("words", words);
        foreach (var group in TextFeatures.Names.Keys)
            yield return (group, Cpu(() => rows.ForEach(r => TextFeatures.Write(group, FeatureText.Of(r.Prompt, r.Response), values))) - words);
        yield return ("hashed", Cpu(() => rows.ForEach(r => HashedWordFeatures.Add(FeatureText.Of(r.Prompt, r.Response), values))) - words);
    }

    private static double Vectors(List<(string Prompt, string Response)> rows, Func<string, string, double[]> vector, out double[][] vectors)
    {
        var result = new double[rows.Count][];
        var seconds = Cpu(() =>
        {
            for (var i = 0; i < rows.Count; i++)
                result[i] = vector(rows[i].Prompt, rows[i].Response);
        });
        vectors = result;
        return seconds;
    }

    private static double Cpu(Action action)
    {
        GC.Collect();
        var start = Process.GetCurrentProcess().TotalProcessorTime;
        action();
        return (Process.GetCurrentProcess().TotalProcessorTime - start).TotalSeconds;
    }

    private static void Add(Dictionary<string, List<double>> times, string key, double value)
    {
        if (!times.TryGetValue(key, out var list))
            times[key] = list = [];
        list.Add(value);
    }

    private static double Median(List<double> values)
    {
        var sorted = values.Order().ToArray();
        return sorted.Length % 2 == 1 ? sorted[sorted.Length / 2] : (sorted[sorted.Length / 2 - 1] + sorted[sorted.Length / 2]) / 2;
    }
}

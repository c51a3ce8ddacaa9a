using System.Diagnostics;
using System.Globalization;
using Winnow.Filters;
using Winnow.Tensors;

namespace Winnow.Bench.Filters;

/// <summary>
/// <c>timing anchor-search [ANCHORS [ROWS [REPEATS]]]</c>: response-fit's nearest-prompt search on one thread, the
/// float products of every anchor (<see cref="DotPanels"/>, then the top 10) against the integer screen of
/// <see cref="AnchorSearch"/>, on unit vectors of 256 dims drawn around 64 centres (so that products cluster as
/// prompts' do). Prints the median seconds of each over REPEATS alternating runs, their ratio, the exact products the
/// screen took per row, and whether the two found the same neighbours for every row.
/// </summary>
public static class AnchorSearchTiming
{
    private const int Dim = 256;
    private const int Block = 64;
    private const int K = 10;

    [TimingCommand("anchor-search")]
    public static int Run(string[] args)
    {
        var anchors = args.Length > 0 ? int.Parse(args[0], CultureInfo.InvariantCulture) : 8192;
        var rows = args.Length > 1 ? int.Parse(args[1], CultureInfo.InvariantCulture) : 4096;
        var repeats = args.Length > 2 ? int.Parse(args[2], CultureInfo.InvariantCulture) : 5;
        var random = new Random(1);
        var centres = Enumerable.Range(0, 64).Select(_ => Unit(random, null, 1)).ToArray();
        var vectors = Enumerable.Range(0, anchors).SelectMany(_ => Unit(random, centres[random.Next(64)], random.NextDouble())).ToArray();
        var queries = Enumerable.Range(0, rows).SelectMany(_ => Unit(random, centres[random.Next(64)], random.NextDouble())).ToArray();
        var anchorRows = Enumerable.Range(0, anchors).Select(a => (long)a).ToArray();
        var unscreened = new AnchorSearch(vectors, anchors, Dim, anchorRows, screen: false);
        var search = new AnchorSearch(vectors, anchors, Dim, anchorRows);
        Console.WriteLine($"{anchors:N0} anchors, {rows:N0} rows of {Dim}, {(AnchorSearch.IsScreened(Dim) ? "screened by 16-bit integer products" : "not screened on this machine")}, float products by {new DotPanels(new float[Dim], 1, Dim).Kernel}");

        var exact = new int[rows * K];
        var screened = new int[rows * K];
        var (floatTimes, screenTimes) = (new List<double>(), new List<double>());
        var products = 0L;
        for (var repeat = 0; repeat < repeats; repeat++)
        {
            floatTimes.Add(Time(() => Search(unscreened, queries, rows, unscreened.NewScratch(Block, K), exact)));
            var scratch = search.NewScratch(Block, K);
            screenTimes.Add(Time(() => Search(search, queries, rows, scratch, screened)));
            products = scratch.ExactProducts;
        }
        var (f, s) = (Median(floatTimes), Median(screenTimes));
        Console.WriteLine(FormattableString.Invariant(
            $"float products: {f:F3} s ({rows / f:N0} rows/s); screened: {s:F3} s ({rows / s:N0} rows/s); {f / s:F2}× as fast; {(double)products / rows:F1} exact products a row; same neighbours: {exact.SequenceEqual(screened)}"));
        return exact.SequenceEqual(screened) ? 0 : 1;
    }

    private static void Search(AnchorSearch search, float[] queries, int rows, AnchorSearch.Scratch scratch, int[] found)
    {
        for (var first = 0; first < rows; first += Block)
        {
            var count = Math.Min(Block, rows - first);
            search.Prepare(queries.AsSpan(first * Dim, count * Dim), count, scratch);
            for (var r = 0; r < count; r++)
                search.Nearest(r, queries.AsSpan((first + r) * Dim, Dim), -1, found.AsSpan((first + r) * K, K), scratch);
        }
    }

    private static float[] Unit(Random random, float[]? centre, double spread)
    {
        var v = Enumerable.Range(0, Dim).Select(d => (float)((centre?[d] ?? 0) + spread * (random.NextDouble() * 2 - 1))).ToArray();
        var norm = (float)Math.Sqrt(v.Sum(x => (double)x * x));
        return v.Select(x => x / norm).ToArray();
    }

    private static double Time(Action action)
    {
        var clock = Stopwatch.StartNew();
        action();
        return clock.Elapsed.TotalSeconds;
    }

    private static double Median(List<double> values) => values.Order().ElementAt(values.Count / 2);
}

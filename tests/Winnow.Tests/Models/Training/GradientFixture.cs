using System.Text.Json;
using Winnow.Models;
using Winnow.Models.Decoders;
using Winnow.Models.SafeTensors;
using Winnow.Models.Training;

namespace Winnow.Tests.Models.Training;

/// <summary>
/// The PyTorch reference gradients written by tools/gradient-reference/make_gradients.py (committed beside this
/// file) and the comparison rule the issue fixes: every element within 1e-4 relative of the reference, with a
/// 1e-6 absolute floor.
/// </summary>
internal static class GradientFixture
{
    public const double Relative = 1e-4;
    public const double AbsoluteFloor = 1e-6;

    public static string Folder(params string[] parts) =>
        Path.Combine([TestPaths.RepoRoot, "tests", "Winnow.Tests", "Models", "Training", "Fixtures", .. parts]);

    public sealed record Case(string Name, int[][] Rows, int[][] Scored, double Loss, Dictionary<string, (int[] Rows, double L2)> Sampled);

    public static IReadOnlyList<Case> Cases(string model)
    {
        using var doc = JsonDocument.Parse(File.ReadAllText(Folder(model, "cases.json")));
        return doc.RootElement.GetProperty("cases").EnumerateArray().Select(c => new Case(
            c.GetProperty("name").GetString()!,
            c.GetProperty("rows").EnumerateArray().Select(FixtureJson.Ints).ToArray(),
            c.GetProperty("scored").EnumerateArray().Select(FixtureJson.Ints).ToArray(),
            c.GetProperty("loss").GetDouble(),
            c.GetProperty("sampled").EnumerateObject().ToDictionary(
                p => p.Name, p => (p.Value.GetProperty("rows").Ints(), p.Value.GetProperty("l2").GetDouble())))).ToList();
    }

    public static TrainableDecoder LoadDecoder(string model, int threads = 2)
    {
        using var dir = ModelDirectory.Open(TestPaths.Fixture(model));
        var spec = DecoderSpec.FromConfig(dir.Config);
        return new TrainableDecoder(spec, DecoderWeights.Load(spec, dir), threads);
    }

    /// <summary>Largest |ours − reference| / (1e-4·|reference| + …) style ratio: ≤ 1 means within tolerance.</summary>
    public static (double Worst, string Where) WorstRatio(ReadOnlySpan<float> expected, ReadOnlySpan<float> actual, string name)
    {
        double worst = 0;
        var where = name;
        for (var i = 0; i < expected.Length; i++)
        {
            var allowed = Math.Max(Relative * Math.Abs(expected[i]), AbsoluteFloor);
            var ratio = Math.Abs((double)expected[i] - actual[i]) / allowed;
            if (double.IsNaN(ratio) || ratio > worst)
            {
                worst = double.IsNaN(ratio) ? double.PositiveInfinity : ratio;
                where = $"{name}[{i}]: expected {expected[i]:G9}, got {actual[i]:G9}";
            }
        }
        return (worst, where);
    }

    /// <summary>Compares every parameter's gradient with the reference file of a case; returns the worst ratio.</summary>
    public static (double Worst, string Where) Compare(string model, Case c, IReadOnlyList<TrainableTensor> parameters, Gradients gradients)
    {
        using var reference = SafetensorsFile.Open(Folder(model, c.Name + ".safetensors"));
        var names = reference.Tensors.Keys.ToHashSet();
        (double Worst, string Where) worst = (0, "");
        foreach (var p in parameters)
        {
            var name = p.Name.StartsWith("transformer.", StringComparison.Ordinal) ? p.Name["transformer.".Length..] : p.Name;
            Assert.True(names.Remove(name), $"{model}/{c.Name}: the reference has no gradient for {name}");
            var expected = reference.ReadSingle(name);
            var actual = gradients.Of(p).ToArray();
            if (c.Sampled.TryGetValue(name, out var sample))
            {
                var width = (int)p.Shape[1];
                var kept = new float[sample.Rows.Length * width];
                for (var k = 0; k < sample.Rows.Length; k++)
                    actual.AsSpan(sample.Rows[k] * width, width).CopyTo(kept.AsSpan(k * width, width));
                var l2 = Math.Sqrt(actual.Sum(v => (double)v * v));
                Assert.True(Math.Abs(l2 - sample.L2) <= Relative * sample.L2, $"{model}/{c.Name} {name}: L2 {l2:G9}, reference {sample.L2:G9}");
                actual = kept;
            }
            var result = WorstRatio(expected, actual, $"{model}/{c.Name} {name}");
            if (result.Worst >= worst.Worst)
                worst = result;
        }
        Assert.True(names.Count == 0, $"{model}/{c.Name}: no engine parameter for reference gradients {string.Join(", ", names)}");
        return worst;
    }
}

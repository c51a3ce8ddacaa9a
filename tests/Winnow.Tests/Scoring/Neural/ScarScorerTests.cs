using Winnow.Models;
using Winnow.Tests.Models;
using Winnow.Tokenizers;

namespace Winnow.Tests.Scoring.Neural;

/// <summary>
/// scar on a toy StyleRanker written by the test: xlmr-tiny (with its pooler) under <c>encoder.</c> plus seeded random
/// relation/output layers (linear_dim 6). Expected: the plain fixture encoder's Pooled() and LastHiddenStates(), then
/// the two MLPs and the max-pool by hand.
/// </summary>
public class ScarScorerTests
{
    private const int H = 64;
    private const int L = 6;

    [SharedFact]
    public void ScoreFollowsTheStyleRankerArithmetic()
    {
        using var folder = new TempFolder();
        var layers = WriteCheckpoint(folder);
        var row = TestRows.Alpaca(0, "Write a haiku about rain.", "Soft rain on the roof.", "ignored input");

        var tokenizer = Tokenizer.Load(TestPaths.Fixture("xlmr-tiny"));
        var instruction = tokenizer.Encode("Write a haiku about rain.").Ids;
        var answer = tokenizer.Encode("Soft rain on the roof.").Ids;
        var encoder = Encoder.Load(TestPaths.Fixture("xlmr-tiny"));
        var pooled = encoder.Pooled([instruction, answer]);
        var states = encoder.LastHiddenStates([answer])[0];
        var maxPool = Enumerable.Range(0, H).Select(i => Enumerable.Range(0, answer.Length).Max(t => (double)states[t * H + i])).ToArray();
        var creativity = Linear(layers[1], Relu(Linear(layers[0], [.. pooled[0].Select(x => (double)x), .. pooled[1].Select(x => (double)x)])));
        var expected = Linear(layers[3], Relu(Linear(layers[2], [.. creativity, .. maxPool])))[0];

        var scorer = Winnow.Pipeline.Catalog.Scorers.Create("scar", new Parameters(new Dictionary<string, string> { ["model"] = folder.Path }, "scar"));
        Assert.Equal("pooler", scorer.Settings["sequence_vector"]);
        Close.Assert(expected, scorer.Score([row], CancellationToken.None)[0].Values![0], 1e-5, "scar");
    }

    private static List<(float[] W, float[] B, int In, int Out)> WriteCheckpoint(TempFolder folder)
    {
        foreach (var name in new[] { "config.json", "tokenizer.json", "tokenizer_config.json", "special_tokens_map.json" })
            File.Copy(TestPaths.Fixture("xlmr-tiny", name), folder.File(name));
        var tensors = new List<(string, long[], float[])>();
        using (var encoder = ModelDirectory.Open(TestPaths.Fixture("xlmr-tiny")))
        {
            foreach (var name in encoder.TensorNames.Order(StringComparer.Ordinal))
            {
                var shape = encoder.Entry(name).Shape;
                tensors.Add(("encoder." + name, shape, encoder.Load(name, shape)));
            }
        }
        var random = new Random(11);
        var layers = new List<(float[], float[], int, int)>();
        foreach (var (name, input, output) in new[] { ("relation_network.0", 2 * H, L), ("relation_network.2", L, H), ("output_layer.0", 2 * H, L), ("output_layer.2", L, 1) })
        {
            var w = Enumerable.Range(0, input * output).Select(_ => (float)(random.NextDouble() - 0.5)).ToArray();
            var b = Enumerable.Range(0, output).Select(_ => (float)(random.NextDouble() - 0.5)).ToArray();
            tensors.Add((name + ".weight", [output, input], w));
            tensors.Add((name + ".bias", [output], b));
            layers.Add((w, b, input, output));
        }
        SafetensorsWriter.WriteF32(folder.File("model.safetensors"), [.. tensors]);
        return layers;
    }

    private static double[] Linear((float[] W, float[] B, int In, int Out) layer, double[] x) =>
        Enumerable.Range(0, layer.Out).Select(o => layer.B[o] + Enumerable.Range(0, layer.In).Sum(i => layer.W[o * layer.In + i] * x[i])).ToArray();

    private static double[] Relu(double[] x) => x.Select(v => Math.Max(v, 0)).ToArray();
}

using Winnow.Data;
using Winnow.Models;
using Winnow.Scoring.Neural.Car;
using Winnow.Tests.Models;
using Winnow.Tokenizers;

namespace Winnow.Tests.Scoring.Neural;

/// <summary>
/// car.iqs on a toy COMET checkpoint written by the test: xlmr-tiny's encoder under <c>encoder.model.</c> (no pooler,
/// as COMET), layer scalars [0.5, 0.2, −1] (sparsemax by hand: τ = −0.15 → [0.65, 0.35, 0]), gamma 1.3, and a seeded
/// random 64→8→4→1 Tanh head. The expected score is recomputed from the plain xlmr-tiny fixture's hidden states with
/// first-principles arithmetic.
/// </summary>
public class CarIqsScorerTests
{
    private static readonly float[] Scalars = [0.5f, 0.2f, -1f];
    private const float Gamma = 1.3f;
    private static readonly int[] HiddenSizes = [8, 4];

    [SharedTheory]
    [InlineData("sparsemax", "avg")]
    [InlineData("softmax", "cls")]
    public void ScoreIsTheMixedPooledFeedForwardOutput(string transformation, string pool)
    {
        using var folder = new TempFolder();
        var head = WriteCheckpoint(folder, transformation, pool);
        var row = TestRows.Alpaca(0, "Name a colour.", "Blue.");
        const string text = "Instruction: Name a colour. Input:  Response: Blue.";
        Assert.Equal(text, RowText.Car.Of(row));

        var ids = Tokenizer.Load(TestPaths.Fixture("xlmr-tiny")).Encode(text).Ids;
        var layers = Encoder.Load(TestPaths.Fixture("xlmr-tiny")).AllHiddenStates([ids])[0];
        var weights = transformation == "sparsemax" ? [0.65, 0.35, 0.0] : Softmax(Scalars);
        const int d = 64;
        var pooled = new double[d];
        var positions = pool == "avg" ? Enumerable.Range(0, ids.Length).ToArray() : [0];
        foreach (var t in positions)
        {
            for (var i = 0; i < d; i++)
                pooled[i] += Gamma * Enumerable.Range(0, 3).Sum(l => weights[l] * layers[l][t * d + i]) / positions.Length;
        }
        var expected = Forward(head, pooled);

        var scorer = Winnow.Pipeline.Catalog.Scorers.Create("car.iqs", new Parameters(new Dictionary<string, string> { ["model"] = folder.Path }, "car.iqs"));
        var actual = scorer.Score([row], CancellationToken.None)[0].Values![0];
        Close.Assert(expected, actual, 1e-5, $"iqs ({transformation}, {pool})");
    }

    [Fact]
    public void SparsemaxMatchesTheClosedForm()
    {
        Assert.Equal([0.65, 0.35, 0.0], LayerMix.Sparsemax(Scalars).Select(x => Math.Round(x, 6)));
        Assert.Equal([0.5, 0.5], LayerMix.Sparsemax([3f, 3f]));
        Assert.Equal([1.0, 0.0], LayerMix.Sparsemax([5f, 1f]));
    }

    private static List<(float[] W, float[] B)> WriteCheckpoint(TempFolder folder, string transformation, string pool)
    {
        foreach (var name in new[] { "config.json", "tokenizer.json", "tokenizer_config.json", "special_tokens_map.json" })
            File.Copy(TestPaths.Fixture("xlmr-tiny", name), folder.File(name));
        var tensors = new List<(string, long[], float[])>();
        using (var encoder = ModelDirectory.Open(TestPaths.Fixture("xlmr-tiny")))
        {
            foreach (var name in encoder.TensorNames.Where(n => !n.StartsWith("pooler.", StringComparison.Ordinal)).Order(StringComparer.Ordinal))
            {
                var shape = encoder.Entry(name).Shape;
                tensors.Add(("encoder.model." + name, shape, encoder.Load(name, shape)));
            }
        }
        for (var l = 0; l < Scalars.Length; l++)
            tensors.Add(($"layerwise_attention.scalar_parameters.{l}", [1], [Scalars[l]]));
        tensors.Add(("layerwise_attention.gamma", [1], [Gamma]));
        var random = new Random(7);
        var sizes = new[] { 64 }.Concat(HiddenSizes).Append(1).ToArray();
        var head = new List<(float[], float[])>();
        for (var k = 0; k < sizes.Length - 1; k++)
        {
            var w = Enumerable.Range(0, sizes[k] * sizes[k + 1]).Select(_ => (float)(random.NextDouble() - 0.5)).ToArray();
            var b = Enumerable.Range(0, sizes[k + 1]).Select(_ => (float)(random.NextDouble() - 0.5)).ToArray();
            tensors.Add(($"estimator.ff.{3 * k}.weight", [sizes[k + 1], sizes[k]], w));
            tensors.Add(($"estimator.ff.{3 * k}.bias", [sizes[k + 1]], b));
            head.Add((w, b));
        }
        SafetensorsWriter.WriteF32(folder.File("model.safetensors"), [.. tensors]);
        File.WriteAllText(folder.File("hparams.yaml"),
            $"activations: Tanh\nclass_identifier: instruction_metric\nfinal_activation: null\nhidden_sizes:\n- 8\n- 4\nlayer: mix\nlayer_norm: false\nlayer_transformation: {transformation}\npool: {pool}\nlearning_rate: 1.5e-05\n");
        return head;
    }

    private static double Forward(List<(float[] W, float[] B)> head, double[] x)
    {
        for (var k = 0; k < head.Count; k++)
        {
            var (w, b) = head[k];
            var y = new double[b.Length];
            for (var o = 0; o < y.Length; o++)
            {
                y[o] = b[o] + Enumerable.Range(0, x.Length).Sum(i => w[o * x.Length + i] * x[i]);
                if (k < head.Count - 1)
                    y[o] = Math.Tanh(y[o]);
            }
            x = y;
        }
        return x[0];
    }

    private static double[] Softmax(float[] z)
    {
        var e = z.Select(v => Math.Exp(v)).ToArray();
        return e.Select(v => v / e.Sum()).ToArray();
    }
}

using System.Text.Json;
using Winnow.Models;
using Winnow.Models.Compute;
using Winnow.Models.Training;
using Winnow.Models.Training.Encoders;
using Winnow.Training.Iqs;
using Xunit.Abstractions;

namespace Winnow.Tests.Models.Training;

/// <summary>
/// Every parameter's gradient of the encoder losses equals PyTorch autograd's (float64 reference from an independent
/// implementation whose forward reproduces expected.json; tools/gradient-reference) within 1e-4 relative, 1e-6
/// absolute floor: xlmr-tiny under a linear probe of the pooler output and the mean-pooled last state (one text;
/// three packed), and under CaR's IQS loss (sparsemax layer mix + average pooling; softmax + cls) with its head;
/// xlmr-tiny-regression under MSE of its classification head's score (one text; three packed).
/// </summary>
public class EncoderGradientParityTests(ITestOutputHelper output)
{
    [SharedTheory]
    [InlineData("xlmr-tiny")]
    [InlineData("xlmr-tiny-regression")]
    public void GradientsMatchPyTorch(string model)
    {
        using var doc = JsonDocument.Parse(File.ReadAllText(GradientFixture.Folder(model, "cases.json")));
        var prefix = doc.RootElement.GetProperty("prefix").GetString()!;
        foreach (var c in doc.RootElement.GetProperty("cases").EnumerateArray())
        {
            using var dir = ModelDirectory.Open(TestPaths.Fixture(model));
            var encoder = TrainableEncoder.Load(dir.Config, dir, threads: 2);
            var rows = c.GetProperty("rows").EnumerateArray().Select(FixtureJson.Ints).ToArray();
            var name = c.GetProperty("name").GetString()!;
            var kind = c.GetProperty("loss").GetString()!;
            var parameters = encoder.Parameters.Select(p => p with { Name = prefix + p.Name }).ToList();
            double loss;
            Gradients gradients;
            switch (kind)
            {
                case "probe":
                    gradients = new Gradients(parameters);
                    loss = Probe(encoder, rows, Floats(c, "pooler_probe"), Floats(c, "mean_probe"), gradients);
                    break;
                case "regression_mse":
                {
                    var head = SequenceClassificationHead.Load(dir, encoder, labels: 1);
                    parameters.AddRange(head.Parameters);
                    gradients = new Gradients(parameters);
                    loss = Regression(encoder, head, rows, Floats(c, "targets"), gradients);
                    break;
                }
                case "iqs_mse":
                {
                    var network = Iqs(encoder, c.GetProperty("head"));
                    parameters.AddRange(network.Head.Parameters);
                    gradients = new Gradients(parameters);
                    loss = network.SquaredErrorBackward(rows, Floats(c, "targets"), 1f / rows.Length, gradients, trainEncoder: true) / rows.Length;
                    break;
                }
                default:
                    throw new InvalidDataException($"unknown loss {kind}");
            }
            var reference = c.GetProperty("loss_value").GetDouble();
            Assert.True(Math.Abs(loss - reference) <= 1e-4 * Math.Max(1, Math.Abs(reference)), $"{model}/{name}: loss {loss:G9}, reference {reference:G9}");
            var sampled = c.GetProperty("sampled").EnumerateObject().ToDictionary(p => p.Name, p => (p.Value.GetProperty("rows").Ints(), p.Value.GetProperty("l2").GetDouble()));
            var (worst, where) = GradientFixture.Compare(model, new GradientFixture.Case(name, rows, [], reference, sampled), parameters, gradients);
            output.WriteLine($"{model}/{name}: loss {loss:F6} (ref {reference:F6}); worst error / tolerance {worst:F3} at {where}");
            Assert.True(worst <= 1, $"gradient outside 1e-4 relative / 1e-6 absolute: {where} (ratio {worst:F2})");
        }
    }

    /// <summary>(1/R)·Σ_r [pooler(h_r[0])·c + mean_t(h_r[t])·u]: reaches every weight, the pooler included.</summary>
    private static double Probe(TrainableEncoder encoder, int[][] rows, float[] poolerProbe, float[] meanProbe, Gradients g)
    {
        var batch = encoder.Forward(rows);
        var d = encoder.Spec.Hidden;
        var last = encoder.Spec.Layers;
        var first = new float[rows.Length * d];
        encoder.FirstTokens(last, first);
        var pooled = encoder.Pooler!.Forward(first, rows.Length).ToArray();
        var hidden = encoder.Hidden(last).ToArray();
        double loss = 0;
        var dPooled = new float[rows.Length * d];
        var dHidden = encoder.HiddenGradient(last);
        for (var r = 0; r < rows.Length; r++)
        {
            for (var i = 0; i < d; i++)
            {
                loss += pooled[r * d + i] * poolerProbe[i];
                dPooled[r * d + i] = poolerProbe[i] / rows.Length;
            }
            for (var t = batch.RowStarts[r]; t < batch.RowStarts[r + 1]; t++)
            {
                for (var i = 0; i < d; i++)
                {
                    loss += hidden[t * d + i] * meanProbe[i] / batch.Length(r);
                    dHidden[t * d + i] += meanProbe[i] / (rows.Length * batch.Length(r));
                }
            }
        }
        var dFirst = new float[rows.Length * d];
        encoder.Pooler.Backward(dPooled, g, dFirst);
        encoder.AddFirstTokenGradient(last, dFirst);
        encoder.Backward(g);
        return loss / rows.Length;
    }

    private static double Regression(TrainableEncoder encoder, DenseStack head, int[][] rows, float[] targets, Gradients g)
    {
        encoder.Forward(rows);
        var d = encoder.Spec.Hidden;
        var first = new float[rows.Length * d];
        encoder.FirstTokens(encoder.Spec.Layers, first);
        var scores = head.Forward(first, rows.Length).ToArray();
        var dScores = scores.Select((s, r) => 2 * (s - targets[r]) / rows.Length).ToArray();
        var dFirst = new float[rows.Length * d];
        head.Backward(dScores, g, dFirst);
        encoder.AddFirstTokenGradient(encoder.Spec.Layers, dFirst);
        encoder.Backward(g);
        return scores.Select((s, r) => (double)(s - targets[r]) * (s - targets[r])).Average();
    }

    private static IqsNetwork Iqs(TrainableEncoder encoder, JsonElement spec)
    {
        var tensors = spec.GetProperty("tensors").EnumerateObject().ToDictionary(p => p.Name, p => p.Value.EnumerateArray().Select(v => v.GetSingle()).ToArray());
        var states = encoder.Spec.Layers + 1;
        var scalars = Enumerable.Range(0, states).Select(l => tensors[$"layerwise_attention.scalar_parameters.{l}"][0]).ToArray();
        var sizes = new[] { encoder.Spec.Hidden }.Concat(spec.GetProperty("hidden_sizes").Ints()).Append(1).ToArray();
        var layers = Enumerable.Range(0, sizes.Length - 1).Select(k =>
        {
            var layer = new LinearLayer(tensors[$"estimator.ff.{3 * k}.weight"], tensors[$"estimator.ff.{3 * k}.bias"], sizes[k], sizes[k + 1], weightIsOutByIn: true);
            return ($"estimator.ff.{3 * k}", layer, k < sizes.Length - 2 ? IqsHead.ParseActivation(spec.GetProperty("activation").GetString()!) : DenseActivation.None);
        });
        var head = new IqsHead(scalars, tensors["layerwise_attention.gamma"][0], spec.GetProperty("sparsemax").GetBoolean(), new DenseStack(layers));
        return new IqsNetwork(encoder, head, spec.GetProperty("pool").GetString() == "avg", spec.GetProperty("pad_id").GetInt32());
    }

    private static float[] Floats(JsonElement c, string name) => c.GetProperty(name).EnumerateArray().Select(v => v.GetSingle()).ToArray();
}

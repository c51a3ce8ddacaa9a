using Winnow.Models;
using Winnow.Models.Training;
using Winnow.Models.Training.Encoders;
using Winnow.Tokenizers;
using Winnow.Training.Scar;

namespace Winnow.Tests.Training.Scar;

/// <summary>
/// The ranker's backward (pooler, relation network on concatenated vectors with the instruction shared by two
/// answers, max-pool over answer tokens, output network, encoder) against central finite differences of
/// L = Σ_i w_i·score_i on xlmr-tiny, at weights of every part. The encoder itself is parity-tested against PyTorch;
/// this checks the wiring above it.
/// </summary>
public class ScarNetworkTests
{
    private const float Step = 1e-2f;

    [SharedFact]
    public void GradientsMatchFiniteDifferences()
    {
        var tokenizer = Tokenizer.Load(TestPaths.Fixture("xlmr-tiny"));
        int[] Ids(string text) => tokenizer.Encode(text).Ids;
        int[][] instructions = [Ids("Write a haiku about rain."), Ids("Name three colours.")];
        int[][] preferred = [Ids("Soft rain on the roof, a quiet song."), Ids("Red, green and blue.")];
        int[][] other = [Ids("rain rain rain"), Ids("Colours are many and varied in the world we see.")];
        float[] w = [0.7f, -1.3f, 0.4f, 1.1f];

        using var dir = ModelDirectory.Open(TestPaths.Fixture("xlmr-tiny"));
        var network = ScarNetwork.Create(TrainableEncoder.Load(dir.Config, dir, threads: 2), linearDim: 8, seed: 5);
        var gradients = new Gradients(network.Parameters);
        network.Forward(instructions, preferred, other);
        network.Backward(w, gradients);

        double Loss()
        {
            var scores = network.Forward(instructions, preferred, other);
            return scores.Select((s, i) => (double)s * w[i]).Sum();
        }
        var byName = network.Parameters.ToDictionary(p => p.Name);
        var word = preferred[0][2] * 64 + 5;
        foreach (var (name, index) in new[]
        {
            ("output_layer.2.bias", 0), ("output_layer.0.weight", 70), ("output_layer.0.weight", 3), ("relation_network.2.weight", 17),
            ("relation_network.0.weight", 9), ("relation_network.0.weight", 64 + 9), ("pooler.dense.weight", 130),
            ("encoder.layer.1.output.dense.weight", 300), ("encoder.layer.0.attention.self.key.weight", 77), ("embeddings.word_embeddings.weight", word),
        })
        {
            var tensor = byName[name];
            var values = tensor.Values;
            var keep = values[index];
            values[index] = keep + Step;
            var plus = Loss();
            values[index] = keep - Step;
            var minus = Loss();
            values[index] = keep;
            var numerical = (plus - minus) / (2 * Step);
            var analytic = gradients.Of(tensor)[index];
            Assert.True(Math.Abs(numerical - analytic) <= 2e-3 + 2e-2 * Math.Abs(numerical), $"{name}[{index}]: finite difference {numerical:G6}, backward {analytic:G6}");
        }
    }
}

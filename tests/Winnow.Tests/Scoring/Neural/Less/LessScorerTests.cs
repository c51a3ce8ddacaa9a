using Winnow.Data;
using Winnow.Models;
using Winnow.Models.Decoders;
using Winnow.Models.Training;
using Winnow.Models.Training.Lora;
using Winnow.Scoring.Neural.Less;
using Winnow.Text;
using Winnow.Training;
using Winnow.Tokenizers;
using Winnow.Tests.Models;

namespace Winnow.Tests.Scoring.Neural.Less;

public class LessScorerTests
{
    private static Sample Row(int index, string instruction, string output) =>
        new(index, [new Turn(Role.User, instruction), new Turn(Role.Assistant, output)], instruction, "", output);

    private static readonly Sample[] Pool =
    [
        Row(0, "Name a primary colour.", "Blue is a primary colour."),
        Row(1, "Translate 'cat' into French.", "The French word for cat is chat."),
        Row(2, "Add two and three.", "Two plus three is five."),
        Row(3, "Write a haiku about rain.", "Soft rain on the roof / the garden drinks in silence / puddles hold the sky"),
    ];

    /// <summary>A gpt2-tiny adapter on c_attn with B drawn non-zero, so that both A and B have gradients.</summary>
    private static void WriteAdapter(string folder)
    {
        using var dir = ModelDirectory.Open(TestPaths.Fixture("gpt2-tiny"));
        var spec = DecoderSpec.FromConfig(dir.Config);
        var weights = DecoderWeights.Load(spec, dir);
        var adapters = LoraAdapters.Create(spec, weights, LoraSettings.Parse("r=4,alpha=8,targets=c_attn"), 3);
        var random = new Random(4);
        foreach (var a in adapters.All)
        {
            for (var i = 0; i < a.B.Length; i++)
                a.B[i] = (float)(random.NextDouble() - 0.5) * 0.2f;
        }
        PeftAdapterFolder.Save(folder, TestPaths.Fixture("gpt2-tiny"), adapters);
    }

    private static LessScorer Scorer(string model, IReadOnlyList<Sample> target, string trainGradient, int maxLength = 512) =>
        LessScorer.Create(Parameters.For<LessScorer>(new Dictionary<string, string>
        {
            ["model"] = model, ["target"] = "target.json", ["dims"] = "2048", ["seed"] = "1", ["train_gradient"] = trainGradient,
            ["max_length"] = maxLength.ToString(System.Globalization.CultureInfo.InvariantCulture),
        }), _ => target);

    [SharedFact]
    public void ARowIdenticalToTheTargetScoresOneAndHighest()
    {
        using var temp = new TempFolder();
        WriteAdapter(temp.Path);
        var scores = Scorer(temp.Path, [Pool[2]], "sgd").Score(Pool, CancellationToken.None).Select(r => r.Values![0]).ToArray();
        Assert.Equal(1.0, scores[2], 1e-5);
        Assert.All(scores.Where((_, i) => i != 2), s => Assert.True(s < 0.999, $"score {s}"));
    }

    [SharedFact]
    public void TheScoreIsTheMeanCosineToTheTargetRowsAdamPreconditioned()
    {
        using var temp = new TempFolder();
        var model = Path.Combine(temp.Path, "adapter");
        var tokenizer = Tokenizer.Load(TestPaths.Fixture("gpt2-tiny"));
        var warmup = AlpacaExamples.Build(Pool, tokenizer, IfdTemplate.Parse("alpaca"), 512).Examples;
        DecoderTrainer.Train(TestPaths.Fixture("gpt2-tiny"), warmup, model, new TrainingOptions
        {
            Epochs = 2, BatchRows = 2, LearningRate = 1e-3, Seed = 2, Threads = 2, Lora = LoraSettings.Parse("r=2,alpha=4,targets=c_attn,c_fc"),
        }, TextWriter.Null);
        Assert.True(File.Exists(Path.Combine(model, "optimizer.safetensors")));
        var target = new[] { Pool[0], Pool[3] };
        var scores = Scorer(model, target, "adam").Score(Pool, CancellationToken.None);

        // The same quantity assembled by hand from the parts: Adam form for rows, SGD form for targets, projection, cosines.
        var gradients = new LoraGradients(model, 2);
        var projection = new RademacherProjection(gradients.Dimension, 2048, 1);
        float[] Feature(Sample s, bool adam)
        {
            var g = gradients.Of(AlpacaExamples.Build([s], gradients.Tokenizer, IfdTemplate.Parse("alpaca"), 512).Examples[0]);
            if (adam)
                gradients.Precondition(g);
            return projection.Project([g])[0];
        }
        static double Cosine(float[] x, float[] y) => x.Zip(y, (p, q) => (double)p * q).Sum() / Math.Sqrt(x.Sum(p => (double)p * p) * y.Sum(q => (double)q * q));
        var targets = target.Select(t => Feature(t, adam: false)).ToArray();
        for (var i = 0; i < Pool.Length; i++)
        {
            var row = Feature(Pool[i], adam: true);
            var expected = targets.Average(t => Cosine(row, t));
            Assert.Equal(expected, scores[i].Values![0], 1e-4);
        }
    }

    [Fact]
    public void AdamPreconditioningIsLessFormula()
    {
        // m' = 0.9 m + 0.1 g, v' = 0.999 v + 0.001 g², g ← m' / √(v' + 1e-8); values computed by hand in double.
        float[] g = [1f, -0.3f, 1e-5f];
        LoraGradients.Precondition(g, [0.2f, -0.05f, 0f], [0.01f, 0.0004f, 0f]);
        Assert.Equal(2.6709083605870503, g[0], 1e-5);
        Assert.Equal(-3.3895037885627324, g[1], 1e-5);
        Assert.Equal(0.009999950000374997, g[2], 1e-7);
    }

    [SharedFact]
    public void AdamWithoutTheWarmupMomentsIsRefusedAndATruncatedRowFails()
    {
        using var temp = new TempFolder();
        WriteAdapter(temp.Path);
        var e = Assert.Throws<ArgumentException>(() => { _ = Scorer(temp.Path, [Pool[0]], "adam").Score(Pool, CancellationToken.None); });
        Assert.Contains("optimizer.safetensors", e.Message);
        var longPrompt = Row(9, string.Join(" ", Enumerable.Repeat("Please read this long instruction carefully.", 40)), "Done.");
        var results = Scorer(temp.Path, [Pool[0]], "sgd", maxLength: 128).Score([longPrompt, Pool[1]], CancellationToken.None);
        Assert.False(results[0].IsOk);
        Assert.Contains("max_length 128", results[0].Error);
        Assert.True(results[1].IsOk);
    }
}

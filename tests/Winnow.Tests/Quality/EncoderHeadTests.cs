using Winnow.Quality.Features;
using Winnow.Quality.Pairs;
using Winnow.Quality.Training;
using Winnow.Tests.Embedding.UseLite;

namespace Winnow.Tests.Quality;

/// <summary>The embedding feature group: pair features of a frozen encoder, the head's forward, training determinism and saving.</summary>
public sealed class EncoderHeadTests : IDisposable
{
    private readonly string _dir = Directory.CreateTempSubdirectory("winnow-encoder-head-").FullName;

    public void Dispose() => Directory.Delete(_dir, recursive: true);

    private static EncoderSpec Spec(int dim, params string[] parts) => new("sentence", new Dictionary<string, string>(), parts, dim, null);

    /// <summary>u = (0.6, 0.8), v = (1, 0): u, v, u⊙v = (0.6, 0), |u − v| = (0.4, 0.8).</summary>
    [Fact]
    public void Pair_features_are_the_prompt_response_product_and_absolute_difference()
    {
        var features = Spec(2, EncoderSpec.AllParts.ToArray()).PairFeatures([0.6f, 0.8f], [1f, 0f]);
        Assert.Equal([0.6, 0.8, 1, 0, 0.6, 0, 0.4, 0.8], features.Select(f => Math.Round(f, 6)));
        // Parsed parts come in their fixed order (prompt, response, product, difference), whatever order they are listed in.
        Assert.Equal(["response", "product"], EncoderSpec.ParseParts("product, response"));
        Assert.Equal([1, 0, 0.6, 0], Spec(2, "response", "product").PairFeatures([0.6f, 0.8f], [1f, 0f]).Select(f => Math.Round(f, 6)));
        Assert.Equal(["response_0", "response_1", "product_0", "product_1"], Spec(2, "response", "product").Names());
    }

    /// <summary>
    /// One hidden unit over the 8 pair features x = (0.6, 0.8, 1, 0, 0.6, 0, 0.4, 0.8), standardised with centre 0.1
    /// on the first input and scale 2 on the last: z = (0.5, 0.8, 1, 0, 0.6, 0, 0.4, 1.6). W1 = (1, 0, 0, 0, 1, 0, 0,
    /// −0.5), b1 = 0.1: a = 0.5 + 0.6 − 0.8 + 0.1 = 0.4; score = 2 · tanh(0.4) = 0.759898 (the vectors are float32,
    /// so 0.6 and 0.8 carry their float rounding: agreement to 1e-6).
    /// </summary>
    [Fact]
    public void The_head_scores_hand_computed_weights()
    {
        var encoder = Spec(2, EncoderSpec.AllParts.ToArray());
        var spec = new FeatureSpec([FeatureSpec.Embedding], 1, 5, 5, encoder);
        var x = spec.Vector("unused prompt", "unused response", null, encoder.PairFeatures([0.6f, 0.8f], [1f, 0f]));
        var center = new double[8];
        center[0] = 0.1;
        var scale = Enumerable.Repeat(1.0, 8).ToArray();
        scale[7] = 2;
        var ranker = new PairwiseRanker(center, scale, 1, [1, 0, 0, 0, 1, 0, 0, -0.5], [0.1], [2]);
        Assert.Equal(0.759898, ranker.Score(x), 1e-6);
    }

    [Fact]
    public void The_embedding_group_needs_an_encoder_and_only_it_takes_one()
    {
        Assert.Contains("needs an encoder", Assert.Throws<ArgumentException>(() => FeatureSpec.Parse("length,embedding", 1, 5, 5)).Message);
        Assert.Contains("no embedding group", Assert.Throws<ArgumentException>(() => FeatureSpec.Parse("length", 1, 5, 5, Spec(2, "response"))).Message);
        Assert.Contains("unknown part 'sum'", Assert.Throws<ArgumentException>(() => EncoderSpec.ParseParts("response,sum")).Message);
        Assert.DoesNotContain(FeatureSpec.Embedding, FeatureSpec.Default.Groups);
    }

    private static PairSet Pairs(string name, int count, int offset)
    {
        string[] topics = ["the sea", "a volcano", "bread", "a violin", "the moon", "rain", "a bridge", "chess", "tea", "a glacier", "bees", "a lighthouse"];
        var pairs = Enumerable.Range(0, count).Select(i =>
        {
            var topic = topics[(i + offset) % topics.Length];
            return new PreferencePair(i + 1, $"Describe {topic}.", "",
                $"{char.ToUpperInvariant(topic[0])}{topic[1..]} is remarkable: it has a long history, and people study it closely.",
                // Every third worse answer is the longer one, so the not-longer slice is never empty.
                i % 3 == 0 ? string.Concat(Enumerable.Repeat($"idk {topic} lol whatever ", 8)) : $"idk {topic} lol");
        }).ToList();
        return new PairSet(name, pairs, null);
    }

    /// <summary>A sentence-transformers folder (bert-tiny) as the frozen encoder: same seed, same weights bit for bit; the saved folder scores the same.</summary>
    [SharedFact]
    public void Training_on_a_sentence_transformers_encoder_is_deterministic_and_saves_what_it_scores()
    {
        var folder = TestPaths.Fixture("bert-tiny");
        var encoder = SentenceEncoder.Create("sentence", new Dictionary<string, string>(), folder);
        var spec = new EncoderSpec("sentence", new Dictionary<string, string>(), EncoderSpec.AllParts, encoder.Dim, encoder.ContentHash);
        var first = Train(encoder, spec);
        var second = Train(encoder, spec);
        Assert.Equal(first.Model.Ranker.Weights, second.Model.Ranker.Weights);
        Assert.Equal(first.Model.Ranker.Output, second.Model.Ranker.Output);
        Assert.Equal(4 * encoder.Dim * 3, first.Model.Ranker.Weights.Length);

        first.Model.Save(_dir);
        var loaded = QualityModel.Load(_dir, _ => folder);
        Assert.Equal("sentence", loaded.Spec.Encoder!.Embedder);
        Assert.Equal(EncoderSpec.AllParts, loaded.Spec.Encoder.Parts);
        var rows = new[] { ("Describe tea.", "Tea is a drink made from leaves."), ("Describe rain.", "wet") };
        Assert.Equal(first.Model.Scores(rows, CancellationToken.None), loaded.Scores(rows, CancellationToken.None));
        Assert.Equal(first.Model.Score("Describe tea.", "Tea is a drink made from leaves."), loaded.Scores(rows, CancellationToken.None)[0]);
        Assert.Contains("its model folder", Assert.Throws<FileNotFoundException>(() => QualityModel.Load(_dir)).Message);
    }

    /// <summary>The same with USE-lite: two trainings of one seed agree bit for bit and learn the planted preference.</summary>
    [UseLiteFact]
    public void Training_on_use_lite_is_deterministic()
    {
        var encoder = SentenceEncoder.Create("use-lite", new Dictionary<string, string>(), UseLiteTestModel.Folder!);
        var spec = new EncoderSpec("use-lite", new Dictionary<string, string>(), ["response", "product"], encoder.Dim, encoder.ContentHash);
        Assert.Equal(512, encoder.Dim);
        Assert.NotNull(encoder.ContentHash);
        var first = Train(encoder, spec);
        var second = Train(encoder, spec);
        Assert.Equal(first.Model.Ranker.Weights, second.Model.Ranker.Weights);
        Assert.Equal(first.Seeds[0].Overall.Accuracy, second.Seeds[0].Overall.Accuracy);
        Assert.True(first.Seeds[0].Overall.Accuracy >= 5.0 / 6, $"valid accuracy {first.Seeds[0].Overall.Accuracy}");
    }

    private static QualityTraining.Result Train(SentenceEncoder encoder, EncoderSpec spec) =>
        QualityTraining.Run(Pairs("train.csv", 12, 0), Pairs("valid.csv", 6, 5), new FeatureSpec([FeatureSpec.Embedding], 1, 5, 5, spec),
            new TrainerOptions(Hidden: 3, MaxEpochs: 15, Patience: 15, BatchSize: 4, Seed: 7), 0, "test", encoder);
}

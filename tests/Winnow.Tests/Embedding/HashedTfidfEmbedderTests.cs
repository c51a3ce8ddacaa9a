using Winnow.Data;
using Winnow.Embedding;

namespace Winnow.Tests.Embedding;

public class HashedTfidfEmbedderTests
{
    private static Sample Row(string instruction, string response, string input = "", long index = 0) =>
        new(index, [new Turn(Role.User, input.Length == 0 ? instruction : instruction + "\n\n" + input), new Turn(Role.Assistant, response)],
            instruction, input, response);

    private static float[][] EmbedAll(HashedTfidfEmbedder embedder, IReadOnlyList<Sample> rows)
    {
        embedder.Fit(rows, CancellationToken.None);
        var matrix = new EmbeddingMatrix(rows.Count, embedder.Dim);
        embedder.Embed(rows, matrix, 0, CancellationToken.None);
        return Enumerable.Range(0, rows.Count).Select(i =>
        {
            var v = new float[embedder.Dim];
            matrix.ReadRow(i, v);
            return v;
        }).ToArray();
    }

    private static double Dot(float[] a, float[] b) => a.Zip(b).Sum(p => (double)p.First * p.Second);

    /// <summary>Pseudo-words from a private alphabet slice so two generators never share a word.</summary>
    private static string Words(Random random, char first, int count) =>
        string.Join(' ', Enumerable.Range(0, count).Select(_ => new string(Enumerable.Range(0, 5).Select(_ => (char)(first + random.Next(8))).ToArray())));

    private static readonly Sample[] Pool =
    [
        Row("Give three tips for staying healthy.", "Eat well, exercise and sleep."),
        Row("What is the capital of France?", "Paris is the capital of France."),
        Row("Give three tips for staying healthy.", "Eat well, exercise and sleep."),
        Row("", ""),
        Row("?!", "..."),
        Row("Translate to German", "Guten Tag", input: "Good day"),
    ];

    [Fact]
    public void RowsAreUnitVectorsIdenticalTextsIdenticalAndWordlessRowsZero()
    {
        var vectors = EmbedAll(new HashedTfidfEmbedder(new HashedTfidfOptions()), Pool);
        Assert.Equal(vectors[0], vectors[2]);
        foreach (var i in new[] { 0, 1, 5 })
            Assert.Equal(1, Math.Sqrt(Dot(vectors[i], vectors[i])), 2e-3);
        Assert.All(vectors[3], v => Assert.Equal(0f, v));
        Assert.All(vectors[4], v => Assert.Equal(0f, v));
        Assert.True(Dot(vectors[0], vectors[1]) < 0.5);
    }

    [Fact]
    public void DeterministicForASeedWhateverTheThreadsAndDifferentAcrossSeeds()
    {
        var one = EmbedAll(new HashedTfidfEmbedder(new HashedTfidfOptions { Seed = 3, Threads = 1 }), Pool);
        var four = EmbedAll(new HashedTfidfEmbedder(new HashedTfidfOptions { Seed = 3, Threads = 4 }), Pool);
        var other = EmbedAll(new HashedTfidfEmbedder(new HashedTfidfOptions { Seed = 4 }), Pool);
        Assert.Equal(one, four);
        Assert.NotEqual(one[1], other[1]);
    }

    [Fact]
    public void DocumentFrequenciesOverSeveralChunksDoNotDependOnThreads()
    {
        // 5,000 rows span two 4,096-row Fit chunks.
        var random = new Random(2);
        var rows = Enumerable.Range(0, 5000).Select(i => Row(Words(random, 'a', 6), Words(random, 'c', 4), index: i)).ToArray();
        var one = new HashedTfidfEmbedder(new HashedTfidfOptions { Threads = 1 });
        var three = new HashedTfidfEmbedder(new HashedTfidfOptions { Threads = 3 });
        one.Fit(rows, CancellationToken.None);
        three.Fit(rows, CancellationToken.None);
        Assert.Equal(5000, three.Documents);
        var text = rows[4999].Prompt + " " + rows[7].Response;
        Assert.Equal(one.TermWeights(text), three.TermWeights(text));
    }

    [Fact]
    public void DisjointVocabulariesAreNearlyOrthogonalAndSharedOnesAreNot()
    {
        var random = new Random(1);
        var rows = new List<Sample>();
        for (var i = 0; i < 40; i++)
            rows.Add(Row(Words(random, 'a', 30), Words(random, 'a', 30)));
        for (var i = 0; i < 40; i++)
            rows.Add(Row(Words(random, 'n', 30), Words(random, 'n', 30)));
        var vectors = EmbedAll(new HashedTfidfEmbedder(new HashedTfidfOptions()), rows);
        var across = new List<double>();
        for (var i = 0; i < 40; i++)
        {
            for (var j = 40; j < 80; j++)
                across.Add(Dot(vectors[i], vectors[j]));
        }
        // Random unit vectors in 256 dims have |cos| ≈ 0.05 on average.
        Assert.InRange(across.Select(Math.Abs).Average(), 0, 0.1);
        Assert.InRange(Math.Abs(across.Average()), 0, 0.02);

        // The same words reordered keep every unigram, so they stay close.
        var text = Words(random, 'a', 40);
        var reordered = string.Join(' ', text.Split(' ').Reverse());
        var pair = EmbedAll(new HashedTfidfEmbedder(new HashedTfidfOptions()), [.. rows, Row(text, ""), Row(reordered, "")]);
        Assert.True(Dot(pair[^1], pair[^2]) > 0.4);
    }

    [Fact]
    public void WeightsAreSublinearTfTimesSmoothIdf()
    {
        var embedder = new HashedTfidfEmbedder(new HashedTfidfOptions { Text = RowText.Prompt });
        embedder.Fit([Row("x", ""), Row("y z", ""), Row("w", "")], CancellationToken.None);
        Assert.Equal(3, embedder.Documents);
        var weights = embedder.TermWeights("x x y q");
        float Weight(string term)
        {
            var buckets = new List<int>();
            HashedTerms.Collect(term, 18, buckets);
            return weights[buckets.Single()];
        }
        Assert.Equal((1 + Math.Log(2)) * (Math.Log(4.0 / 2) + 1), Weight("x"), 1e-5);
        Assert.Equal(Math.Log(4.0 / 2) + 1, Weight("y"), 1e-5);
        Assert.Equal(Math.Log(4.0 / 1) + 1, Weight("q"), 1e-5);
    }

    [Fact]
    public void TextParameterChoosesTheText()
    {
        var embedder = new HashedTfidfEmbedder(Parameters.For<HashedTfidfEmbedder>(new Dictionary<string, string> { ["text"] = "response", ["dim"] = "64", ["seed"] = "9" }));
        Assert.Equal(64, embedder.Dim);
        Assert.Equal("response", embedder.Settings["text"]);
        Assert.Throws<ArgumentException>(() => new HashedTfidfEmbedder(Parameters.For<HashedTfidfEmbedder>(new Dictionary<string, string> { ["text"] = "title" })));
    }

    [Fact]
    public void EmbedBeforeFitOrIntoAWrongMatrixFails()
    {
        var embedder = new HashedTfidfEmbedder(new HashedTfidfOptions());
        Assert.Throws<InvalidOperationException>(() => embedder.Embed(Pool, new EmbeddingMatrix(Pool.Length, 256), 0, CancellationToken.None));
        embedder.Fit(Pool, CancellationToken.None);
        Assert.Throws<ArgumentException>(() => embedder.Embed(Pool, new EmbeddingMatrix(Pool.Length, 128), 0, CancellationToken.None));
        Assert.Throws<ArgumentOutOfRangeException>(() => embedder.Embed(Pool, new EmbeddingMatrix(Pool.Length, 256), 1, CancellationToken.None));
    }
}

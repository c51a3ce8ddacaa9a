using System.Numerics.Tensors;
using Xunit.Abstractions;

namespace Winnow.Tests.Embedding.UseLite;

/// <summary>Winnow's USE-lite against the package's own JavaScript (TF.js), on the committed fixture.</summary>
public class UseLiteParityTests(ITestOutputHelper output)
{
    [UseLiteFact]
    public void TokenizerGivesThePackagesIds()
    {
        var reference = UseLiteReference.Fixture;
        var model = UseLiteTestModel.Model;
        var mismatches = Enumerable.Range(0, reference.Texts.Length)
            .Where(i => !model.Tokenize(reference.Texts[i]).SequenceEqual(reference.Ids[i]))
            .Select(i => $"#{i} {Quote(reference.Texts[i])}: expected [{string.Join(",", reference.Ids[i])}], got [{string.Join(",", model.Tokenize(reference.Texts[i]))}]")
            .ToList();
        Assert.True(mismatches.Count == 0, $"{mismatches.Count} of {reference.Texts.Length} sentences tokenized differently:\n" + string.Join("\n", mismatches.Take(10)));
    }

    [UseLiteFact]
    public void EmbeddingsMatchThePackageForEverySentence()
    {
        var reference = UseLiteReference.Fixture;
        var model = UseLiteTestModel.Model;
        Assert.Equal(reference.Dim, model.Dim);
        var actual = new float[reference.Texts.Length * model.Dim];
        model.Embed(reference.Texts, actual);

        var cosines = new double[reference.Texts.Length];
        var maxAbsDiff = 0f;
        for (var i = 0; i < cosines.Length; i++)
        {
            var row = actual.AsSpan(i * model.Dim, model.Dim);
            cosines[i] = TensorPrimitives.CosineSimilarity(row, reference.Embedding(i));
            var diff = new float[model.Dim];
            TensorPrimitives.Subtract(row, reference.Embedding(i), diff);
            maxAbsDiff = Math.Max(maxAbsDiff, TensorPrimitives.MaxMagnitude(diff));
        }
        var worst = Array.IndexOf(cosines, cosines.Min());
        var sorted = cosines.Order().ToArray();
        var summary = $"{cosines.Length} sentences: min cosine {sorted[0]:F8} (#{worst} {Quote(reference.Texts[worst])}), median {sorted[sorted.Length / 2]:F8}, max abs diff {maxAbsDiff:E2}";
        output.WriteLine(summary);
        Assert.True(sorted[0] >= 0.9999, summary);
        Assert.True(maxAbsDiff < 1e-3f, summary);
    }

    private static string Quote(string text) => "\"" + (text.Length > 60 ? text[..60] + "…" : text).Replace("\n", "\\n") + "\"";
}

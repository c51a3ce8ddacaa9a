using System.Globalization;

namespace Winnow.Quality.Features;

/// <summary>
/// The frozen sentence encoder of a quality model's <c>embedding</c> feature group and how a (prompt, response)
/// pair of its vectors u (prompt) and v (response) becomes features. <see cref="Embedder"/> is any registered
/// embedder (<c>use-lite</c>, <c>sentence</c> over a sentence-transformers folder, <c>lm-mean</c> over a backend
/// that gives hidden states), built with <see cref="Parameters"/> plus its model folder, which is not saved: the
/// folder is found where the model is used. <see cref="ContentHash"/> pins the encoder's weights when the embedder
/// reports one, so a head never runs on an encoder it was not trained with.
/// </summary>
public sealed record EncoderSpec(string Embedder, IReadOnlyDictionary<string, string> Parameters, IReadOnlyList<string> Parts, int Dim, string? ContentHash)
{
    /// <summary>u: the prompt's vector.</summary>
    public const string Prompt = "prompt";

    /// <summary>v: the response's vector.</summary>
    public const string Response = "response";

    /// <summary>u ⊙ v, element by element: which directions prompt and response share.</summary>
    public const string Product = "product";

    /// <summary>|u − v|, element by element: which directions separate them.</summary>
    public const string Difference = "difference";

    public static IReadOnlyList<string> AllParts { get; } = [Prompt, Response, Product, Difference];

    public static IReadOnlyList<string> ParseParts(string parts)
    {
        var list = parts.Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries);
        foreach (var p in list.Where(p => !AllParts.Contains(p)))
            throw new ArgumentException($"--embedding-parts: unknown part '{p}'; expected some of {string.Join(", ", AllParts)}");
        if (list.Length == 0)
            throw new ArgumentException("--embedding-parts: no part given");
        return AllParts.Where(list.Contains).ToArray();
    }

    public int Dimension => Parts.Count * Dim;

    public IEnumerable<string> Names() =>
        Parts.SelectMany(part => Enumerable.Range(0, Dim).Select(d => string.Create(CultureInfo.InvariantCulture, $"{part}_{d}")));

    /// <summary>The pair features of prompt vector <paramref name="u"/> and response vector <paramref name="v"/>, parts in <see cref="Parts"/> order.</summary>
    public double[] PairFeatures(ReadOnlySpan<float> u, ReadOnlySpan<float> v)
    {
        if (u.Length != Dim || v.Length != Dim)
            throw new ArgumentException($"encoder vectors have {u.Length} and {v.Length} values; the feature spec expects {Dim}");
        var features = new double[Dimension];
        var at = 0;
        foreach (var part in Parts)
        {
            for (var d = 0; d < Dim; d++)
                features[at + d] = part switch
                {
                    Prompt => u[d],
                    Response => v[d],
                    Product => (double)u[d] * v[d],
                    _ => Math.Abs((double)u[d] - v[d]),
                };
            at += Dim;
        }
        return features;
    }
}

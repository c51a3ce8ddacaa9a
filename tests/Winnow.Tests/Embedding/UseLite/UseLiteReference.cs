using System.Buffers.Binary;
using System.Text.Json;

namespace Winnow.Tests.Embedding.UseLite;

/// <summary>
/// The parity fixture written by tools/use-lite-reference/make-fixture.js from the package's own JavaScript:
/// sentences, the ids its tokenizer gives them, and its 512-d embeddings (float32 little-endian, row per sentence).
/// </summary>
public sealed class UseLiteReference
{
    private static readonly Lazy<UseLiteReference> Instance = new(Load);

    private UseLiteReference(string[] texts, int[][] ids, float[] embeddings, int dim)
    {
        Texts = texts;
        Ids = ids;
        Embeddings = embeddings;
        Dim = dim;
    }

    public static UseLiteReference Fixture => Instance.Value;

    public string[] Texts { get; }

    public int[][] Ids { get; }

    public float[] Embeddings { get; }

    public int Dim { get; }

    public ReadOnlySpan<float> Embedding(int i) => Embeddings.AsSpan(i * Dim, Dim);

    private static UseLiteReference Load()
    {
        using var document = JsonDocument.Parse(File.ReadAllBytes(UseLiteTestModel.FixturePath("use-lite-reference.json")));
        var root = document.RootElement;
        var dim = root.GetProperty("dim").GetInt32();
        var sentences = root.GetProperty("sentences").EnumerateArray().ToArray();
        var texts = sentences.Select(s => s.GetProperty("text").GetString()!).ToArray();
        var ids = sentences.Select(s => s.GetProperty("ids").EnumerateArray().Select(v => v.GetInt32()).ToArray()).ToArray();
        var bytes = File.ReadAllBytes(UseLiteTestModel.FixturePath("use-lite-reference.f32"));
        if (bytes.Length != texts.Length * dim * 4)
            throw new InvalidDataException($"use-lite-reference.f32 has {bytes.Length} bytes, expected {texts.Length} × {dim} float32");
        var embeddings = new float[texts.Length * dim];
        for (var i = 0; i < embeddings.Length; i++)
            embeddings[i] = BinaryPrimitives.ReadSingleLittleEndian(bytes.AsSpan(i * 4));
        return new UseLiteReference(texts, ids, embeddings, dim);
    }
}

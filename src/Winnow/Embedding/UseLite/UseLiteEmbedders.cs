namespace Winnow.Embedding.UseLite;

/// <summary>Registers the USE-lite embedder under its registry name.</summary>
public static class UseLiteEmbedders
{
    public static void Register(Registry<IEmbedder> registry)
        => registry.Add(
            UseLiteEmbedder.RegistryName,
            "Universal Sentence Encoder lite (npm " + UseLitePackage.NpmPackage + "@" + UseLitePackage.NpmVersion + "), 512-d; params: path, field=instruction|response|whole, threads",
            UseLiteEmbedder.Create);
}

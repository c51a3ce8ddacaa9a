using Winnow.Embedding.UseLite;

namespace Winnow.Quality.Features;

/// <summary>Finds the model folder of a quality model's encoder when the user names none.</summary>
public static class EncoderLocation
{
    /// <summary>
    /// The USE-lite npm package where <see cref="UseLitePackage.Locate"/> finds it; any other encoder has no
    /// standard place, so its folder must be given. Throws <see cref="FileNotFoundException"/> saying how.
    /// </summary>
    public static string Find(EncoderSpec encoder) =>
        encoder.Embedder == "use-lite"
            ? UseLitePackage.Locate() ?? throw new FileNotFoundException(
                $"the quality model's encoder, use-lite, was not found (environment variable {UseLitePackage.DirectoryVariable}, .cache/use-lite/node_modules or node_modules above the working directory); {UseLitePackage.InstallHint}")
            : throw new FileNotFoundException($"the quality model's encoder '{encoder.Embedder}' needs its model folder: pass the quality scorer's 'encoder_path'");
}

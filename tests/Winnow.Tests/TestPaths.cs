namespace Winnow.Tests;

/// <summary>Locates the repository root and the shared fixtures/data folder that sits beside it.</summary>
public static class TestPaths
{
    private static readonly Lazy<string> RootLazy = new(FindRoot);

    public static string RepoRoot => RootLazy.Value;

    /// <summary>The <c>../shared</c> folder beside the repository (fixtures, data, bench inputs).</summary>
    public static string Shared => Path.GetFullPath(Path.Combine(RepoRoot, "..", "shared"));

    public static bool SharedAvailable => Directory.Exists(Path.Combine(Shared, "fixtures"));

    public static string Fixture(params string[] parts) => Path.Combine([Shared, "fixtures", .. parts]);

    public static string Data(params string[] parts) => Path.Combine([Shared, "data", .. parts]);

    private static string FindRoot()
    {
        var dir = new DirectoryInfo(AppContext.BaseDirectory);
        while (dir is not null && !File.Exists(Path.Combine(dir.FullName, "Winnow.slnx")))
            dir = dir.Parent;
        return dir?.FullName ?? throw new InvalidOperationException("cannot find Winnow.slnx above " + AppContext.BaseDirectory);
    }
}

/// <summary>A fact that needs <c>../shared</c>; skipped with a clear message on a clone without it.</summary>
public sealed class SharedFactAttribute : FactAttribute
{
    public SharedFactAttribute()
    {
        if (!TestPaths.SharedAvailable)
            Skip = "needs ../shared (fixtures and data) beside the repository";
    }
}

/// <summary>A theory that needs <c>../shared</c>; skipped with a clear message on a clone without it.</summary>
public sealed class SharedTheoryAttribute : TheoryAttribute
{
    public SharedTheoryAttribute()
    {
        if (!TestPaths.SharedAvailable)
            Skip = "needs ../shared (fixtures and data) beside the repository";
    }
}

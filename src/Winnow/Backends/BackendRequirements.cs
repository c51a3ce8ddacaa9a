namespace Winnow.Backends;

/// <summary>Start-up check that a backend can compute what a component needs; fails before any row, naming the gap.</summary>
public static class BackendRequirements
{
    /// <summary>The flags of <paramref name="needed"/> that <paramref name="backend"/> lacks (None when it has them all).</summary>
    public static BackendCapabilities Missing(IModelBackend backend, BackendCapabilities needed) => needed & ~backend.Capabilities;

    /// <summary>Throws <see cref="ArgumentException"/> naming every missing capability, the backend and the model.</summary>
    public static void Require(string owner, IModelBackend backend, BackendCapabilities needed, string why)
    {
        var missing = Missing(backend, needed);
        if (missing == BackendCapabilities.None)
            return;
        var names = Enum.GetValues<BackendCapabilities>().Where(c => c != BackendCapabilities.None && missing.HasFlag(c)).Select(c => c.ToString());
        throw new ArgumentException(
            $"{owner}: backend '{backend.Provenance.Backend}' for model '{backend.Provenance.Model}' lacks {string.Join(", ", names)}, needed {why}");
    }
}

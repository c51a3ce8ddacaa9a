using System.Reflection;

namespace Winnow;

/// <summary>Identity of this build of Winnow, recorded in provenance.</summary>
public static class ToolInfo
{
    private static readonly string Informational = typeof(ToolInfo).Assembly.GetCustomAttribute<AssemblyInformationalVersionAttribute>()?.InformationalVersion ?? "unknown";

    /// <summary>The release version ("winnow 0.1.0"): what results (score files, reports) record and are reused by.</summary>
    public static string Version { get; } = "winnow " + Informational.Split('+')[0];

    /// <summary>
    /// The version with the source revision it was built from when the build knows it ("winnow 0.1.0+305627f…"): what
    /// intermediate state that only speeds up a re-run (filter checkpoints) is keyed by, so that a build with changed
    /// code recomputes it instead of loading what an older build of the same version decided.
    /// </summary>
    public static string Build { get; } = "winnow " + Informational;
}

using System.Reflection;

namespace Winnow;

/// <summary>Identity of this build of Winnow, recorded in provenance.</summary>
public static class ToolInfo
{
    public static string Version { get; } = "winnow " + (typeof(ToolInfo).Assembly.GetCustomAttribute<AssemblyInformationalVersionAttribute>()?.InformationalVersion.Split('+')[0] ?? "unknown");
}

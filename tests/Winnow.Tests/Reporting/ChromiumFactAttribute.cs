namespace Winnow.Tests.Reporting;

/// <summary>
/// A fact that drives Debian's Chromium (<c>/usr/bin/chromium</c>, or the path in <c>WINNOW_CHROMIUM</c>) through
/// Playwright; skipped with the install command where no Chromium is present. .ci/run installs it.
/// </summary>
public sealed class ChromiumFactAttribute : FactAttribute
{
    public static string Executable => Environment.GetEnvironmentVariable("WINNOW_CHROMIUM") is { Length: > 0 } path ? path : "/usr/bin/chromium";

    public ChromiumFactAttribute()
    {
        if (!File.Exists(Executable))
            Skip = $"needs Chromium at {Executable} (apt-get install -y chromium, or set WINNOW_CHROMIUM); .ci/run installs it";
    }
}

using System.Security.Cryptography;
using System.Text;
using System.Text.Json;
using Winnow.Scoring;

namespace Winnow.Store;

/// <summary>
/// Provenance of one scorer run: which scorer and variant, every setting that influences the values, and the
/// tool version. Its <see cref="Key"/> (a hash of all of that) ties every score line to the run that made it,
/// so that scores made with other settings are never mistaken for these.
/// </summary>
public sealed record RunRecord(string Scorer, string Variant, IReadOnlyList<string> Fields, IReadOnlyDictionary<string, string> Settings, string ToolVersion)
{
    public static RunRecord For(IScorer scorer) =>
        new(scorer.Name, scorer.Variant, scorer.Fields.ToArray(), new SortedDictionary<string, string>(scorer.Settings.ToDictionary(), StringComparer.Ordinal), ToolInfo.Version);

    /// <summary>First 16 hex digits of SHA-256 over the canonical JSON of everything but the tool version.</summary>
    public string Key
    {
        get
        {
            var canonical = JsonSerializer.Serialize(new
            {
                scorer = Scorer,
                variant = Variant,
                fields = Fields,
                settings = new SortedDictionary<string, string>(Settings.ToDictionary(), StringComparer.Ordinal),
            });
            return Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(canonical))[..8]);
        }
    }
}

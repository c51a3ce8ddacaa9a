using System.Security.Cryptography;
using System.Text;
using System.Text.Json;
using Winnow.Scoring;

namespace Winnow.Store;

/// <summary>
/// Provenance of one scorer run: which scorer and variant, every setting that influences the values, and the
/// tool version. Its <see cref="Key"/> (a hash of all of that) ties every score line to the run that made it,
/// so that scores made with other settings are never mistaken for these.
/// <para>
/// A pool-fitted scorer's record also says which pool its model was fitted on (<see cref="FittedOn"/>, the
/// <c>PoolFingerprint</c> of the rows the fit read). It is not part of the key: a fit on another pool that chooses the
/// same settings (a score file made by <c>winnow score</c> on the unfiltered pool, reused by a <c>select</c> that
/// filters) keeps extending the same run, as it always has. What it allows is to skip the fit when every row is
/// already scored by a run fitted on this very pool (<c>ScoreRunner</c>).
/// </para>
/// </summary>
public sealed record RunRecord(string Scorer, string Variant, IReadOnlyList<string> Fields, IReadOnlyDictionary<string, string> Settings, string ToolVersion)
{
    /// <summary>The scorer's record as it stands now (a pool-fitted scorer's settings include what its fit chose only after the fit).</summary>
    /// <param name="fittedOn">The fingerprint of the pool a pool-fitted scorer was fitted on; null for other scorers or when not known.</param>
    public static RunRecord For(IScorer scorer, string? fittedOn = null) =>
        new(scorer.Name, scorer.Variant, scorer.Fields.ToArray(), new SortedDictionary<string, string>(scorer.Settings.ToDictionary(), StringComparer.Ordinal), ToolInfo.Version)
        {
            FittedOn = fittedOn,
        };

    /// <summary>Fingerprint of the pool a pool-fitted scorer's model was fitted on (null when not recorded).</summary>
    public string? FittedOn { get; init; }

    /// <summary>
    /// Whether this record is the run that <paramref name="configured"/> (an unfitted scorer's record) would make on the
    /// pool <paramref name="poolFingerprint"/>: same scorer, variant and fields, fitted on that pool, and every
    /// configured setting the same (the fit only adds settings, such as the mixture weights it chose).
    /// </summary>
    public bool IsFitOf(RunRecord configured, string poolFingerprint) =>
        Scorer == configured.Scorer && Variant == configured.Variant && Fields.SequenceEqual(configured.Fields)
        && FittedOn == poolFingerprint
        && configured.Settings.All(s => Settings.TryGetValue(s.Key, out var value) && value == s.Value);

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

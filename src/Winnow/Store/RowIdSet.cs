using System.Globalization;

namespace Winnow.Store;

/// <summary>
/// A set of row ids that keeps the usual id, <c>&lt;index&gt;-&lt;16 hex digits&gt;</c> (<see cref="Data.Sample.Id"/>), as
/// two numbers (16 bytes and the set's entry instead of a string each: about 28 bytes a row rather than ≈ 100), and
/// any other id as its string.
/// </summary>
public sealed class RowIdSet
{
    private readonly HashSet<(long Index, ulong Hash)> _canonical = [];
    private readonly HashSet<string> _other = new(StringComparer.Ordinal);

    public int Count => _canonical.Count + _other.Count;

    public bool Add(string id) => TryParse(id, out var key) ? _canonical.Add(key) : _other.Add(id);

    public bool Contains(string id) => TryParse(id, out var key) ? _canonical.Contains(key) : _other.Contains(id);

    /// <summary>A row's own id, by its two numbers (<see cref="Data.Sample.Id"/> is always of the usual form).</summary>
    public bool Add(Data.Sample row) => _canonical.Add((row.Index, row.Hash));

    /// <summary>Whether a row's own id is in the set, by its two numbers.</summary>
    public bool Contains(Data.Sample row) => _canonical.Contains((row.Index, row.Hash));

    /// <summary>
    /// Reads an id written exactly as <see cref="Data.Sample.Id"/> writes one (decimal index without leading zeros,
    /// a dash, 16 lower-case hex digits), so that the two numbers format back to the same string.
    /// </summary>
    public static bool TryParse(string id, out (long Index, ulong Hash) key)
    {
        key = default;
        var dash = id.Length - 17;
        if (dash < 1 || id[dash] != '-' || (id[0] == '0' && dash > 1))
            return false;
        for (var i = 0; i < dash; i++)
        {
            if (!char.IsAsciiDigit(id[i]))
                return false;
        }
        for (var i = dash + 1; i < id.Length; i++)
        {
            if (!char.IsAsciiDigit(id[i]) && id[i] is not (>= 'a' and <= 'f'))
                return false;
        }
        if (!long.TryParse(id.AsSpan(0, dash), NumberStyles.None, CultureInfo.InvariantCulture, out var index))
            return false;
        key = (index, ulong.Parse(id.AsSpan(dash + 1), NumberStyles.AllowHexSpecifier, CultureInfo.InvariantCulture));
        return true;
    }
}

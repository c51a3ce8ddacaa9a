using System.Globalization;

namespace Winnow;

/// <summary>
/// Named string parameters of a scorer, selector or embedder, as given on the command line
/// (<c>--param key=value</c>) or in a YAML recipe. Typed getters parse with the invariant culture and name
/// the key in every error; <see cref="EnsureAllUsed"/> turns unknown keys into an error instead of ignoring them.
/// </summary>
public sealed class Parameters
{
    private readonly Dictionary<string, string> _values;
    private readonly HashSet<string> _read = new(StringComparer.Ordinal);

    public Parameters(IReadOnlyDictionary<string, string>? values = null, string owner = "")
    {
        _values = values is null ? new(StringComparer.Ordinal) : new(values, StringComparer.Ordinal);
        Owner = owner;
    }

    public static Parameters Empty(string owner = "") => new(null, owner);

    /// <summary>Name of the component these parameters belong to, used in error messages.</summary>
    public string Owner { get; }

    public IReadOnlyDictionary<string, string> Values => _values;

    public string GetString(string key, string fallback)
    {
        _read.Add(key);
        return _values.TryGetValue(key, out var v) ? v : fallback;
    }

    public string? GetOptionalString(string key)
    {
        _read.Add(key);
        return _values.TryGetValue(key, out var v) ? v : null;
    }

    public int GetInt(string key, int fallback) => Get(key, fallback, s => int.Parse(s, NumberStyles.Integer, CultureInfo.InvariantCulture), "an integer");

    public long GetLong(string key, long fallback) => Get(key, fallback, s => long.Parse(s, NumberStyles.Integer, CultureInfo.InvariantCulture), "an integer");

    public double GetDouble(string key, double fallback) => Get(key, fallback, s => double.Parse(s, NumberStyles.Float, CultureInfo.InvariantCulture), "a number");

    public bool GetBool(string key, bool fallback) => Get(key, fallback, ParseBool, "true or false");

    /// <summary>Throws when a key was given that no getter asked for (a typo must not silently fall back to a default).</summary>
    public void EnsureAllUsed()
    {
        var unknown = _values.Keys.Where(k => !_read.Contains(k)).Order(StringComparer.Ordinal).ToList();
        if (unknown.Count > 0)
            throw new ArgumentException($"{Describe()}: unknown parameter(s) {string.Join(", ", unknown)}; known: {string.Join(", ", _read.Order(StringComparer.Ordinal))}");
    }

    private T Get<T>(string key, T fallback, Func<string, T> parse, string expectation)
    {
        _read.Add(key);
        if (!_values.TryGetValue(key, out var text))
            return fallback;
        try
        {
            return parse(text);
        }
        catch (Exception e) when (e is FormatException or OverflowException)
        {
            throw new ArgumentException($"{Describe()}: parameter '{key}' is '{text}', expected {expectation}");
        }
    }

    private static bool ParseBool(string s) => s.ToLowerInvariant() switch
    {
        "true" or "1" or "yes" => true,
        "false" or "0" or "no" => false,
        _ => throw new FormatException(),
    };

    private string Describe() => Owner.Length == 0 ? "parameters" : Owner;
}

using System.Globalization;
using Winnow.Components;

namespace Winnow;

/// <summary>
/// Named string parameters of a scorer, selector or embedder, as given on the command line or in a YAML recipe.
/// Unbound (values only) they are what a user wrote; <see cref="ComponentInfo.Bind"/> checks them against the
/// component's declaration and binds them, and only bound parameters can be read: a key given is parsed with the
/// invariant culture, a key absent falls back to the declared default, and a key the declaration does not list is
/// a programming error, so the declaration is the one place a parameter and its default are written.
/// </summary>
public sealed class Parameters
{
    private readonly Dictionary<string, string> _values;

    public Parameters(IReadOnlyDictionary<string, string>? values = null, string owner = "")
    {
        _values = values is null ? new(StringComparer.Ordinal) : new(values, StringComparer.Ordinal);
        Owner = owner;
    }

    internal Parameters(IReadOnlyDictionary<string, string> values, ComponentInfo component)
        : this(values, component.Owner) => Component = component;

    public static Parameters Empty(string owner = "") => new(null, owner);

    /// <summary>Checks <paramref name="values"/> against the declaration on <typeparamref name="T"/> and binds them (for building a component directly).</summary>
    public static Parameters For<T>(IReadOnlyDictionary<string, string>? values = null) =>
        Declared.Of<T>().Bind(values ?? new Dictionary<string, string>(StringComparer.Ordinal));

    /// <summary>How errors name the component these parameters belong to ("scorer 'ifd'").</summary>
    public string Owner { get; }

    /// <summary>The declaration these parameters were checked against; null while unbound.</summary>
    public ComponentInfo? Component { get; }

    public IReadOnlyDictionary<string, string> Values => _values;

    /// <summary>The registry name of the declaration these parameters were checked against (for factories shared by several names).</summary>
    public string ComponentName => (Component ?? throw Unbound()).Name;

    /// <summary>Whether the user gave <paramref name="key"/> (as opposed to it taking its default).</summary>
    public bool IsGiven(string key)
    {
        Spec(key);
        return _values.ContainsKey(key);
    }

    public string GetString(string key) => Text(key) ?? throw NoDefault(key);

    public string? GetOptionalString(string key) => Text(key);

    public int GetInt(string key) => GetOptionalInt(key) ?? throw NoDefault(key);

    public int? GetOptionalInt(string key) =>
        Text(key) is { } text ? checked((int)long.Parse(text, NumberStyles.Integer, CultureInfo.InvariantCulture)) : null;

    public long GetLong(string key) => GetOptionalLong(key) ?? throw NoDefault(key);

    public long? GetOptionalLong(string key) =>
        Text(key) is { } text ? long.Parse(text, NumberStyles.Integer, CultureInfo.InvariantCulture) : null;

    public double GetDouble(string key) => GetOptionalDouble(key) ?? throw NoDefault(key);

    public double? GetOptionalDouble(string key) =>
        Text(key) is { } text ? double.Parse(text, NumberStyles.Float, CultureInfo.InvariantCulture) : null;

    public bool GetBool(string key) =>
        ParamSpec.TryBool(Text(key) ?? throw NoDefault(key), out var value) ? value : throw new InvalidOperationException($"{Owner}: '{key}' passed its check but is not a boolean");

    /// <summary>The given text of <paramref name="key"/>, else its declared default, else null.</summary>
    private string? Text(string key)
    {
        var spec = Spec(key);
        return _values.TryGetValue(key, out var text) ? text : spec.Default;
    }

    private ParamSpec Spec(string key)
    {
        var component = Component ?? throw Unbound();
        return component.Param(key) ?? throw new InvalidOperationException($"{component.Owner} reads parameter '{key}', which its declaration does not list");
    }

    private InvalidOperationException Unbound() =>
        new($"{Owner}: parameters are read before they were checked against a declaration (build through a registry or Parameters.For<T>)");

    private InvalidOperationException NoDefault(string key) =>
        new($"{Owner}: parameter '{key}' has no value and its declaration gives no default");
}

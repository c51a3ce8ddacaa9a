using Winnow.Components;

namespace Winnow;

/// <summary>
/// The declared components of one kind (scorers, selectors, embedders) by registry name: the names users type in
/// the CLI and in YAML recipes. Built from the <see cref="ComponentAttribute"/> declarations, never by hand.
/// </summary>
public sealed class Registry<T>
    where T : class
{
    private readonly SortedDictionary<string, ComponentInfo> _entries = new(StringComparer.Ordinal);

    public Registry(string kind, IEnumerable<ComponentInfo> components)
    {
        Kind = kind;
        foreach (var component in components)
            _entries.Add(component.Name, component);
    }

    /// <summary>What the registry holds, for error messages ("scorer", "selector").</summary>
    public string Kind { get; }

    public IEnumerable<ComponentInfo> Components => _entries.Values;

    public IEnumerable<(string Name, string Description)> Entries => _entries.Select(e => (e.Key, e.Value.Description));

    public bool Contains(string name) => _entries.ContainsKey(name);

    public ComponentInfo Info(string name) =>
        _entries.TryGetValue(name, out var info) ? info : throw new ArgumentException($"unknown {Kind} '{name}'; available: {string.Join(", ", _entries.Keys)}");

    /// <summary>Builds the named component; unknown names, unknown parameters and values outside the declaration are errors.</summary>
    public T Create(string name, Parameters parameters) => (T)Info(name).Create(parameters.Values);

    public T Create(string name, IReadOnlyDictionary<string, string> parameters) => (T)Info(name).Create(parameters);
}

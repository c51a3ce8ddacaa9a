namespace Winnow;

/// <summary>
/// Name → factory table for one kind of component (scorers, selectors, embedders). Registry names are the
/// names users type in the CLI and in YAML recipes.
/// </summary>
public sealed class Registry<T>
{
    private readonly SortedDictionary<string, (string Description, Func<Parameters, T> Factory)> _entries = new(StringComparer.Ordinal);

    public Registry(string kind) => Kind = kind;

    /// <summary>What the registry holds, for error messages ("scorer", "selector").</summary>
    public string Kind { get; }

    public IEnumerable<(string Name, string Description)> Entries => _entries.Select(e => (e.Key, e.Value.Description));

    public void Add(string name, string description, Func<Parameters, T> factory)
    {
        if (!_entries.TryAdd(name, (description, factory)))
            throw new InvalidOperationException($"{Kind} '{name}' is registered twice");
    }

    public bool Contains(string name) => _entries.ContainsKey(name);

    /// <summary>Builds the named component; unknown names and unknown parameters are errors.</summary>
    public T Create(string name, Parameters parameters)
    {
        if (!_entries.TryGetValue(name, out var entry))
            throw new ArgumentException($"unknown {Kind} '{name}'; available: {string.Join(", ", _entries.Keys)}");
        var component = entry.Factory(parameters);
        parameters.EnsureAllUsed();
        return component;
    }
}

using System.Reflection;

namespace Winnow.Components;

/// <summary>
/// A component's declaration, read once from the attributes on its class: name, kind ("scorer", "embedder",
/// "selector"), description, parameters, needs, produced fields, and the factory that builds it from parameters
/// already checked against the declaration.
/// </summary>
public sealed class ComponentInfo
{
    private readonly Func<Parameters, object> _factory;

    public ComponentInfo(Type type, string kind, Func<Parameters, object> factory)
    {
        var declaration = type.GetCustomAttribute<ComponentAttribute>()
            ?? throw new InvalidOperationException($"{type.FullName} has no [Component] declaration");
        Type = type;
        Kind = kind;
        Name = declaration.Name;
        Description = declaration.Description;
        _factory = factory;
        Params = DeclaredParams(type, "").ToList();
        Needs = Needs.From(type.GetCustomAttribute<NeedsAttribute>());
        Produces = type.GetCustomAttribute<ProducesAttribute>()?.Fields ?? [];
        CheckDeclaration();
    }

    public Type Type { get; }

    public string Kind { get; }

    public string Name { get; }

    public string Description { get; }

    public IReadOnlyList<ParamSpec> Params { get; }

    public Needs Needs { get; }

    public IReadOnlyList<string> Produces { get; }

    /// <summary>"scorer 'ifd'": how errors name this component.</summary>
    public string Owner => $"{Kind} '{Name}'";

    public ParamSpec? Param(string key) => Params.FirstOrDefault(p => p.Name == key);

    /// <summary>
    /// Checks <paramref name="values"/> against the declaration (unknown keys, missing required keys, type, range,
    /// allowed values) and returns them bound to it; every error names the component and the key.
    /// </summary>
    public Parameters Bind(IReadOnlyDictionary<string, string> values)
    {
        var unknown = values.Keys.Where(k => Param(k) is null).Order(StringComparer.Ordinal).ToList();
        if (unknown.Count > 0)
            throw ParameterError($"{Owner}: unknown parameter(s) {string.Join(", ", unknown)}; known: {string.Join(", ", Params.Select(p => p.Name).Order(StringComparer.Ordinal))}", unknown[0]);
        foreach (var spec in Params)
        {
            if (!values.TryGetValue(spec.Name, out var text))
            {
                if (spec.Required)
                    throw ParameterError($"{Owner}: parameter '{spec.Name}' is required ({spec.Doc}), expected {spec.Expectation}", spec.Name);
                continue;
            }
            if (spec.Check(text) is { } expectation)
                throw ParameterError($"{Owner}: parameter '{spec.Name}' is '{text}', expected {expectation}", spec.Name);
        }
        CheckModelFolders(values);
        return new Parameters(values, this);
    }

    /// <summary>
    /// A component that needs a model capability but takes no <c>backend</c> key (the encoder heads and sentence
    /// encoders) runs in the managed engine from a Hugging Face folder only; a GGUF file or a server address is refused
    /// here, with the capability named, before any model is loaded.
    /// </summary>
    private void CheckModelFolders(IReadOnlyDictionary<string, string> values)
    {
        if (Needs.Backend == Capability.None || Param("backend") is not null)
            return;
        foreach (var key in Needs.ModelParams)
        {
            if (!values.TryGetValue(key, out var path) || Directory.Exists(path))
                continue;
            var what = path.StartsWith("http://", StringComparison.OrdinalIgnoreCase) || path.StartsWith("https://", StringComparison.OrdinalIgnoreCase)
                ? "a server address, and no server API returns it"
                : path.EndsWith(".gguf", StringComparison.OrdinalIgnoreCase)
                    ? "a GGUF file, and the llama.cpp backend that loads those serves the language-model components, not this one"
                    : File.Exists(path) ? "a file, not a folder" : "not found";
            throw ParameterError($"{Owner}: parameter '{key}' is '{path}': {what}. It needs {Describe(Needs.Backend)}, which Winnow computes in its managed engine from a Hugging Face model folder (config.json, safetensors, tokenizer.json)", key);
        }
    }

    private static string Describe(Capability capability) => capability switch
    {
        Capability.ClassifierHead => "a sequence-classification or regression head",
        Capability.HiddenStates => "an encoder's hidden states",
        _ => capability.ToString(),
    };

    /// <summary>Builds the component from checked parameters.</summary>
    public object Create(IReadOnlyDictionary<string, string> values) => _factory(Bind(values));

    /// <summary>An error about one parameter; <see cref="ParameterKey"/> reads which, so callers can point at where it was written.</summary>
    private static ArgumentException ParameterError(string message, string key)
    {
        var error = new ArgumentException(message);
        error.Data[ParameterKeyData] = key;
        return error;
    }

    private const string ParameterKeyData = "winnow.parameter";

    /// <summary>The parameter an error from <see cref="Bind"/> is about, or null.</summary>
    public static string? ParameterKey(ArgumentException error) => error.Data[ParameterKeyData] as string;

    /// <summary>The parameters of <paramref name="type"/>'s groups (recursively, in declaration order, with their prefixes), then its own.</summary>
    private static IEnumerable<ParamSpec> DeclaredParams(Type type, string prefix) =>
        type.GetCustomAttributes<ParamGroupAttribute>().SelectMany(g => DeclaredParams(g.Group, prefix + g.Prefix))
            .Concat(type.GetCustomAttributes<ParamAttribute>().Select(a => ParamSpec.From(a) with { Name = prefix + a.Name }));

    private void CheckDeclaration()
    {
        foreach (var spec in Params)
        {
            if (Params.Count(p => p.Name == spec.Name) > 1)
                throw new InvalidOperationException($"{Owner} declares parameter '{spec.Name}' twice");
            if (spec.Default is { } fallback && spec.Check(fallback) is { } expectation)
                throw new InvalidOperationException($"{Owner}: the declared default of '{spec.Name}' is '{fallback}', expected {expectation}");
            if (spec.Type == ParamType.Choice && spec.Values.Count == 0)
                throw new InvalidOperationException($"{Owner}: choice parameter '{spec.Name}' declares no values");
        }
        foreach (var key in Needs.ModelParams.Concat(Needs.ColumnParams).Concat(Needs.TextParam is null ? [] : [Needs.TextParam]))
        {
            if (Param(key) is null)
                throw new InvalidOperationException($"{Owner}: its needs name parameter '{key}', which it does not declare");
        }
    }
}

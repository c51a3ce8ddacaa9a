using System.Text.RegularExpressions;
using YamlDotNet.Core;
using YamlDotNet.Serialization;
using YamlDotNet.Serialization.NamingConventions;

namespace Winnow.Pipeline;

/// <summary>A component named as in the registries, with its parameters.</summary>
public sealed class ComponentSpec
{
    public string Name { get; set; } = "";

    public Dictionary<string, string> Params { get; set; } = new(StringComparer.Ordinal);

    public Parameters ToParameters(string kind) => new(Params, $"{kind} '{Name}'");
}

/// <summary>
/// A selection pipeline written as YAML: the row filters to run in order before scoring, the scorers to run, the
/// embedder for diversity-aware selectors, and the selector. Components are named as in the registries; an unknown
/// key is an error.
/// </summary>
public sealed partial class Recipe
{
    public string Name { get; set; } = "";

    public string Description { get; set; } = "";

    /// <summary>Where the recipe came from (its file, or "built-in default recipe"), for error messages; not a YAML key.</summary>
    [YamlIgnore]
    public string Source { get; set; } = "recipe";

    /// <summary>The line of each key in the recipe's YAML (empty for a recipe built in code).</summary>
    [YamlIgnore]
    public RecipeLines Lines { get; set; } = RecipeLines.Empty;

    /// <summary>"file:line" of the key at <paramref name="path"/> (e.g. "selector.params.column"), or the source alone when the line is unknown.</summary>
    public string Where(string path) => Lines.Of(path) is { } line ? $"{Source}:{line}" : Source;

    /// <summary>Row filters, run in this order before scoring (exact-dedup, near-dedup, …); none when absent.</summary>
    public List<ComponentSpec> Filters { get; set; } = [];

    /// <summary>The source floor applied after the selector (<see cref="Selection.SourceFloor"/>); absent means off.</summary>
    public Selection.SourceFloor? SourceFloor { get; set; }

    public List<ComponentSpec> Scorers { get; set; } = [];

    public ComponentSpec? Embedder { get; set; }

    public ComponentSpec Selector { get; set; } = new();

    /// <summary>
    /// Replaces every <c>${name}</c> in parameter values with <paramref name="variables"/>[name] (given on the
    /// command line as <c>--var name=value</c>), so one recipe serves any model directory or target file. A
    /// placeholder without a value, or a value no placeholder uses, is an error.
    /// </summary>
    public void Substitute(IReadOnlyDictionary<string, string> variables)
    {
        var used = new HashSet<string>(StringComparer.Ordinal);
        foreach (var component in Filters.Concat(Scorers).Append(Selector).Concat(Embedder is null ? [] : [Embedder]))
        {
            foreach (var key in component.Params.Keys.ToList())
            {
                component.Params[key] = Placeholder().Replace(component.Params[key], match =>
                {
                    var name = match.Groups[1].Value;
                    if (!variables.TryGetValue(name, out var value))
                        throw new ArgumentException($"recipe '{Name}': {component.Name}.{key} uses ${{{name}}}; pass --var {name}=VALUE");
                    used.Add(name);
                    return value;
                });
            }
        }
        var unused = variables.Keys.Where(k => !used.Contains(k)).Order(StringComparer.Ordinal).ToList();
        if (unused.Count > 0)
            throw new ArgumentException($"recipe '{Name}' has no placeholder for --var {string.Join(", ", unused)}");
    }

    /// <summary>
    /// Overrides one component parameter, as <c>--set</c> gives it: <c>filters.NAME.KEY</c>, <c>scorers.NAME.KEY</c>,
    /// <c>embedder.KEY</c> or <c>selector.KEY</c>. The component must be in the recipe; the key and value are checked against its declaration
    /// when the plan is compiled.
    /// </summary>
    public void Set(string path, string value)
    {
        var parts = path.Split('.');
        ComponentSpec? target;
        string key;
        if (parts[0] is "scorers" or "filters" && parts.Length >= 3)
        {
            var (list, kind) = parts[0] == "scorers" ? (Scorers, "scorer") : (Filters, "filter");
            var name = string.Join('.', parts[1..^1]);
            key = parts[^1];
            target = list.FirstOrDefault(s => s.Name == name)
                ?? throw new ArgumentException($"--set {path}: {Source} has no {kind} '{name}'; its {kind}s are {(list.Count == 0 ? "none" : string.Join(", ", list.Select(s => s.Name)))}");
        }
        else if (parts.Length == 2 && parts[0] is "embedder" or "selector")
        {
            key = parts[1];
            target = parts[0] == "selector" ? Selector : Embedder ?? throw new ArgumentException($"--set {path}: {Source} has no embedder");
        }
        else
        {
            throw new ArgumentException($"--set {path}: expected filters.NAME.KEY, scorers.NAME.KEY, embedder.KEY or selector.KEY");
        }
        target.Params[key] = value;
    }

    [GeneratedRegex(@"\$\{([A-Za-z_][A-Za-z0-9_]*)\}")]
    private static partial Regex Placeholder();

    public static Recipe Load(string path)
    {
        try
        {
            return Parse(File.ReadAllText(path), path);
        }
        catch (FileNotFoundException)
        {
            throw new ArgumentException($"recipe file '{path}' does not exist");
        }
    }

    public static Recipe Parse(string yaml, string source)
    {
        var deserializer = new DeserializerBuilder().WithNamingConvention(UnderscoredNamingConvention.Instance).Build();
        Recipe recipe;
        try
        {
            recipe = deserializer.Deserialize<Recipe?>(yaml) ?? throw new ArgumentException($"{source}: the recipe is empty");
        }
        catch (YamlException e)
        {
            var where = $"{source}:{e.Start.Line}:{e.Start.Column}";
            var reason = e.InnerException?.Message ?? e.Message;
            if (FormerFilterKey().Match(reason) is { Success: true } former)
                reason = $"'{former.Groups[1].Value}' is no longer a recipe key: row filters are listed under 'filters:' in the order they run, e.g. filters: [{{name: exact-dedup}}, {{name: near-dedup, params: {{threshold: 0.5}}}}] ('winnow list' shows every filter)";
            throw new ArgumentException($"{where}: {reason} (known keys: name, description, filters, scorers, embedder, selector, source_floor; components take name and params)");
        }
        recipe.Validate(source);
        recipe.Source = source;
        recipe.Lines = RecipeLines.Read(yaml);
        return recipe;
    }

    [GeneratedRegex(@"Property '(dedup|language_check|near_dedup|degeneracy|mismatch)' not found")]
    private static partial Regex FormerFilterKey();

    private void Validate(string source)
    {
        foreach (var filter in Filters.Where(f => f.Name.Length == 0))
            throw new ArgumentException($"{source}: a filter has no name, expected a filter registry name");
        SourceFloor?.Validate(source);
        if (Selector.Name.Length == 0)
            throw new ArgumentException($"{source}: selector.name is missing, expected a selector registry name");
        foreach (var scorer in Scorers.Where(s => s.Name.Length == 0))
            throw new ArgumentException($"{source}: a scorer has no name, expected a scorer registry name");
        if (Embedder is { Name.Length: 0 })
            throw new ArgumentException($"{source}: embedder.name is missing");
    }
}

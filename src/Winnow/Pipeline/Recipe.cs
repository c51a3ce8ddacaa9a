using System.Text.RegularExpressions;
using Winnow.Pipeline.Filters;
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

/// <summary>MinHash-LSH near-deduplication settings (SCAR's defaults).</summary>
public sealed class NearDedupSpec
{
    public double Threshold { get; set; } = 0.5;

    /// <summary>
    /// What is shingled with the response: <c>instruction</c> (SCAR: the Alpaca input is left out) or <c>prompt</c>
    /// (instruction and input), which keeps rows that share a templated instruction but differ in their input.
    /// </summary>
    public string Text { get; set; } = "instruction";

    public int Permutations { get; set; } = 128;

    public int Bands { get; set; } = 16;

    public int Seed { get; set; }
}

/// <summary>
/// A selection pipeline written as YAML: optional exact deduplication, the scorers to run, the embedder for
/// diversity-aware selectors, and the selector. Keys are the registry names; an unknown key is an error.
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

    /// <summary><c>exact</c> (set aside exact copies before scoring) or <c>none</c>.</summary>
    public string Dedup { get; set; } = "exact";

    /// <summary>SCAR's language check: keep rows whose instruction and response both exceed this share of ASCII letters (SCAR: 0.7).</summary>
    public double? LanguageCheck { get; set; }

    /// <summary>SCAR's MinHash-LSH near-deduplication; absent means off.</summary>
    public NearDedupSpec? NearDedup { get; set; }

    /// <summary>Row decision <c>degenerate</c> for looping responses; absent means off.</summary>
    public DegeneracyFilter? Degeneracy { get; set; }

    /// <summary>Row decision <c>mismatch</c> from stat-IFD, calibrated on the pool; absent means off.</summary>
    public MismatchFilter? Mismatch { get; set; }

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
        foreach (var component in Scorers.Append(Selector).Concat(Embedder is null ? [] : [Embedder]))
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

    /// <summary>The recipe's row decisions before scoring (language check, near-dedup, degeneracy, mismatch) and its source floor set on <paramref name="options"/>.</summary>
    public SelectOptions WithRowDecisions(SelectOptions options) =>
        options with { LanguageCheck = LanguageCheck, NearDedup = NearDedup, Degeneracy = Degeneracy, Mismatch = Mismatch, SourceFloor = SourceFloor };

    /// <summary>
    /// Overrides one component parameter, as <c>--set</c> gives it: <c>scorers.NAME.KEY</c>, <c>embedder.KEY</c> or
    /// <c>selector.KEY</c>. The component must be in the recipe; the key and value are checked against its declaration
    /// when the plan is compiled.
    /// </summary>
    public void Set(string path, string value)
    {
        var parts = path.Split('.');
        ComponentSpec? target;
        string key;
        if (parts[0] == "scorers" && parts.Length >= 3)
        {
            var name = string.Join('.', parts[1..^1]);
            key = parts[^1];
            target = Scorers.FirstOrDefault(s => s.Name == name)
                ?? throw new ArgumentException($"--set {path}: {Source} has no scorer '{name}'; its scorers are {(Scorers.Count == 0 ? "none" : string.Join(", ", Scorers.Select(s => s.Name)))}");
        }
        else if (parts.Length == 2 && parts[0] is "embedder" or "selector")
        {
            key = parts[1];
            target = parts[0] == "selector" ? Selector : Embedder ?? throw new ArgumentException($"--set {path}: {Source} has no embedder");
        }
        else
        {
            throw new ArgumentException($"--set {path}: expected scorers.NAME.KEY, embedder.KEY or selector.KEY");
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
            throw new ArgumentException($"{where}: {reason} (known keys: name, description, dedup, language_check, near_dedup, degeneracy, mismatch, source_floor, scorers, embedder, selector; components take name and params)");
        }
        recipe.Validate(source);
        recipe.Source = source;
        recipe.Lines = RecipeLines.Read(yaml);
        return recipe;
    }

    private void Validate(string source)
    {
        if (Dedup is not ("exact" or "none"))
            throw new ArgumentException($"{source}: dedup is '{Dedup}', expected 'exact' or 'none'");
        if (LanguageCheck is < 0 or >= 1)
            throw new ArgumentException($"{source}: language_check is {LanguageCheck}, expected a share in [0, 1)");
        if (NearDedup is { } near && (near.Threshold is <= 0 or > 1 || near.Permutations < 1 || near.Bands < 1 || near.Permutations % near.Bands != 0))
            throw new ArgumentException($"{source}: near_dedup needs 0 < threshold ≤ 1 and permutations divisible by bands (got {near.Threshold}, {near.Permutations}, {near.Bands})");
        if (NearDedup is { Text: not ("instruction" or "prompt") } badText)
            throw new ArgumentException($"{source}: near_dedup.text is '{badText.Text}', expected 'instruction' (SCAR) or 'prompt' (instruction and input)");
        Degeneracy?.Validate(source);
        Mismatch?.Validate(source);
        SourceFloor?.Validate(source);
        if (Selector.Name.Length == 0)
            throw new ArgumentException($"{source}: selector.name is missing, expected a selector registry name");
        foreach (var scorer in Scorers.Where(s => s.Name.Length == 0))
            throw new ArgumentException($"{source}: a scorer has no name, expected a scorer registry name");
        if (Embedder is { Name.Length: 0 })
            throw new ArgumentException($"{source}: embedder.name is missing");
    }
}

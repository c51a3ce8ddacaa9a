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
/// A selection pipeline written as YAML: optional exact deduplication, the scorers to run, the embedder for
/// diversity-aware selectors, and the selector. Keys are the registry names; an unknown key is an error.
/// </summary>
public sealed class Recipe
{
    public string Name { get; set; } = "";

    public string Description { get; set; } = "";

    /// <summary><c>exact</c> (set aside exact copies before scoring) or <c>none</c>.</summary>
    public string Dedup { get; set; } = "exact";

    public List<ComponentSpec> Scorers { get; set; } = [];

    public ComponentSpec? Embedder { get; set; }

    public ComponentSpec Selector { get; set; } = new();

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
            throw new ArgumentException($"{where}: {reason} (known keys: name, description, dedup, scorers, embedder, selector; components take name and params)");
        }
        recipe.Validate(source);
        return recipe;
    }

    private void Validate(string source)
    {
        if (Dedup is not ("exact" or "none"))
            throw new ArgumentException($"{source}: dedup is '{Dedup}', expected 'exact' or 'none'");
        if (Selector.Name.Length == 0)
            throw new ArgumentException($"{source}: selector.name is missing, expected a selector registry name");
        foreach (var scorer in Scorers.Where(s => s.Name.Length == 0))
            throw new ArgumentException($"{source}: a scorer has no name, expected a scorer registry name");
        if (Embedder is { Name.Length: 0 })
            throw new ArgumentException($"{source}: embedder.name is missing");
    }
}

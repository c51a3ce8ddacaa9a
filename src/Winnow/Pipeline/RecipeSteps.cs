namespace Winnow.Pipeline;

/// <summary>A recipe as the ordered list of steps a selection run performs, one readable line each, for logs and reports.</summary>
public static class RecipeSteps
{
    public static IReadOnlyList<string> Describe(Recipe recipe)
    {
        var steps = new List<string> { "read and validate every row" };
        steps.AddRange(recipe.Filters.Select(f => "filter " + Component(f)));
        steps.AddRange(recipe.Scorers.Select(s => "score " + Component(s)));
        if (recipe.Embedder is { } embedder)
            steps.Add("embed " + Component(embedder));
        steps.Add("select " + Component(recipe.Selector));
        steps.Add("write the selected rows, decisions and report");
        return steps;
    }

    private static string Component(ComponentSpec spec) =>
        spec.Params.Count == 0 ? spec.Name : $"{spec.Name} ({string.Join(", ", spec.Params.OrderBy(p => p.Key, StringComparer.Ordinal).Select(p => $"{p.Key}={p.Value}"))})";
}

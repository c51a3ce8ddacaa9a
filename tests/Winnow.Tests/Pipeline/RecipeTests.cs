using Winnow.Pipeline;

namespace Winnow.Tests.Pipeline;

public class RecipeTests
{
    [Fact]
    public void ParsesComponentsAndParameters()
    {
        var recipe = Recipe.Parse("""
            name: demo
            filters:
              - name: exact-dedup
              - name: near-dedup
                params: { threshold: 0.8 }
            scorers:
              - name: lexical
                params: { text: response }
            embedder: { name: hashed-tfidf }
            selector:
              name: car
              params: { n1: 10, score: lexical.mtld }
            """, "demo.yaml");
        Assert.Equal(["exact-dedup", "near-dedup"], recipe.Filters.Select(f => f.Name));
        Assert.Equal("0.8", recipe.Filters[1].Params["threshold"]);
        Assert.Equal("lexical", Assert.Single(recipe.Scorers).Name);
        Assert.Equal("10", recipe.Selector.Params["n1"]);
        Assert.Equal("hashed-tfidf", recipe.Embedder!.Name);
    }

    [Fact]
    public void UnknownKeyIsAnErrorWithPosition()
    {
        var error = Assert.Throws<ArgumentException>(() => Recipe.Parse("name: x\nselectr: {name: car}\n", "r.yaml"));
        Assert.Contains("r.yaml:2", error.Message);
    }

    [Fact]
    public void MissingSelectorIsAnError()
    {
        Assert.Contains("selector.name", Assert.Throws<ArgumentException>(() => Recipe.Parse("name: x\n", "r.yaml")).Message);
    }

    [Theory]
    [InlineData("dedup: exact")]
    [InlineData("near_dedup: {threshold: 0.5}")]
    [InlineData("language_check: 0.7")]
    [InlineData("mismatch: {max_robust_z: 1.5}")]
    public void FormerFilterKeysSayWhereFiltersGoNow(string line)
    {
        var error = Assert.Throws<ArgumentException>(() => Recipe.Parse($"name: x\n{line}\nselector: {{name: car}}\n", "r.yaml"));
        Assert.StartsWith("r.yaml:2:", error.Message);
        Assert.Contains("is no longer a recipe key: row filters are listed under 'filters:'", error.Message);
    }

    [Fact]
    public void SetReachesAFilterParameter()
    {
        var recipe = Recipe.Parse("filters: [{name: near-dedup}]\nselector: {name: car}\n", "r.yaml");
        recipe.Set("filters.near-dedup.threshold", "0.7");
        Assert.Equal("0.7", recipe.Filters[0].Params["threshold"]);
        Assert.Contains("has no filter 'mismatch'; its filters are near-dedup", Assert.Throws<ArgumentException>(() => recipe.Set("filters.mismatch.max_robust_z", "2")).Message);
    }

    [Fact]
    public void ShippedRecipesParse()
    {
        foreach (var path in Directory.GetFiles(Path.Combine(TestPaths.RepoRoot, "recipes"), "*.yaml"))
            Assert.NotEmpty(Recipe.Load(path).Selector.Name);
    }
}

public class RecipeVariableTests
{
    private const string Yaml = """
        name: ifd
        scorers:
          - name: ifd
            params: { model: "${model}/gpt2", variant: cherry }
        selector: { name: cherry }
        """;

    [Fact]
    public void PlaceholdersAreFilledFromVariables()
    {
        var recipe = Recipe.Parse(Yaml, "r.yaml");
        recipe.Substitute(new Dictionary<string, string> { ["model"] = "/models" });
        Assert.Equal("/models/gpt2", recipe.Scorers[0].Params["model"]);
        Assert.Equal("cherry", recipe.Scorers[0].Params["variant"]);
    }

    [Fact]
    public void MissingAndUnusedVariablesAreErrors()
    {
        Assert.Contains("--var model=", Assert.Throws<ArgumentException>(() => Recipe.Parse(Yaml, "r.yaml").Substitute(new Dictionary<string, string>())).Message);
        var extra = new Dictionary<string, string> { ["model"] = "/m", ["modle"] = "/m" };
        Assert.Contains("modle", Assert.Throws<ArgumentException>(() => Recipe.Parse(Yaml, "r.yaml").Substitute(extra)).Message);
    }
}

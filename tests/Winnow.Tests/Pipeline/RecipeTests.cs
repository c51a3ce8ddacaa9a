using Winnow.Pipeline;

namespace Winnow.Tests.Pipeline;

public class RecipeTests
{
    [Fact]
    public void ParsesComponentsAndParameters()
    {
        var recipe = Recipe.Parse("""
            name: demo
            dedup: none
            scorers:
              - name: lexical
                params: { field: response }
            embedder: { name: hashed-tfidf }
            selector:
              name: car
              params: { n1: 10, score: lexical.mtld }
            """, "demo.yaml");
        Assert.Equal("none", recipe.Dedup);
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
    public void MissingSelectorAndBadDedupAreErrors()
    {
        Assert.Contains("selector.name", Assert.Throws<ArgumentException>(() => Recipe.Parse("name: x\n", "r.yaml")).Message);
        Assert.Contains("dedup", Assert.Throws<ArgumentException>(() => Recipe.Parse("dedup: fuzzy\nselector: {name: car}\n", "r.yaml")).Message);
    }

    [Fact]
    public void ShippedRecipesParse()
    {
        foreach (var path in Directory.GetFiles(Path.Combine(TestPaths.RepoRoot, "recipes"), "*.yaml"))
            Assert.NotEmpty(Recipe.Load(path).Selector.Name);
    }
}

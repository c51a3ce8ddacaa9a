using Winnow.Pipeline;

namespace Winnow.Tests.Scoring.Neural;

/// <summary>The paper recipes parse, and every scorer, embedder and selector they name is registered.</summary>
public class NeuralRecipeTests
{
    [Theory]
    [InlineData("cherry")]
    [InlineData("superfiltering")]
    [InlineData("car")]
    [InlineData("deita")]
    [InlineData("scar")]
    public void RecipeParsesAndNamesKnownComponents(string name)
    {
        var recipe = Recipe.Load(Path.Combine(TestPaths.RepoRoot, "recipes", name + ".yaml"));
        Assert.Equal(name, recipe.Name);
        Assert.NotEmpty(recipe.Scorers);
        foreach (var scorer in recipe.Scorers)
            Assert.True(Catalog.Scorers.Contains(scorer.Name), $"scorer '{scorer.Name}' is not registered");
        if (recipe.Embedder is not null)
            Assert.True(Catalog.Embedders.Contains(recipe.Embedder.Name), $"embedder '{recipe.Embedder.Name}' is not registered");
        Assert.True(Catalog.Selectors.Contains(recipe.Selector.Name), $"selector '{recipe.Selector.Name}' is not registered");
        Assert.NotNull(Catalog.Selectors.Create(recipe.Selector.Name, recipe.Selector.ToParameters("selector")));
    }
}

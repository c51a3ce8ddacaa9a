using Winnow.Components;
using Winnow.Embedding;
using Winnow.Pipeline;
using Winnow.Selection.Car;

namespace Winnow.Tests.Components;

public sealed class DeclaredTests
{
    [Fact]
    public void EveryKindHasComponentsAndEveryDeclarationIsComplete()
    {
        Assert.Equal(["filter", "scorer", "embedder", "selector"], Declared.KindNames);
        foreach (var kind in Declared.KindNames)
            Assert.NotEmpty(Declared.OfKind(kind));
        foreach (var component in Declared.All)
        {
            Assert.False(string.IsNullOrWhiteSpace(component.Description), component.Owner);
            Assert.All(component.Params, p => Assert.False(string.IsNullOrWhiteSpace(p.Doc), $"{component.Owner}.{p.Name}"));
            Assert.All(component.Params.Where(p => p.Required), p => Assert.Null(p.Default));
            if (component.Kind == "scorer")
                Assert.NotEmpty(component.Produces);
        }
    }

    [Fact]
    public void RegistriesHoldExactlyTheDeclarations()
    {
        Assert.Equal(Declared.OfKind("filter").Select(c => c.Name), Catalog.Filters.Components.Select(c => c.Name));
        Assert.Equal(Declared.OfKind("scorer").Select(c => c.Name), Catalog.Scorers.Components.Select(c => c.Name));
        Assert.Equal(Declared.OfKind("embedder").Select(c => c.Name), Catalog.Embedders.Components.Select(c => c.Name));
        Assert.Equal(Declared.OfKind("selector").Select(c => c.Name), Catalog.Selectors.Components.Select(c => c.Name));
    }

    [Fact]
    public void ComponentsNeedingNoModelBuildFromTheirDeclaredDefaults()
    {
        // A component reading a key its declaration lacks, or a default that does not parse, fails here.
        var modelFree = Declared.All.Where(c => c.Needs.ModelParams.Count == 0 && !c.Params.Any(p => p.Required)).ToList();
        Assert.Contains(modelFree, c => c.Name == Declared.Name<HashedTfidfEmbedder>());
        foreach (var component in modelFree)
            Assert.NotNull(component.Create(new Dictionary<string, string>()));
    }

    [Fact]
    public void BuiltComponentsReportTheirDeclaredNameAndScorersTheirDeclaredFields()
    {
        foreach (var component in Declared.All.Where(c => c.Needs.ModelParams.Count == 0 && !c.Params.Any(p => p.Required)))
        {
            switch (component.Create(new Dictionary<string, string>()))
            {
                case Winnow.Scoring.IScorer scorer:
                    Assert.Equal(component.Name, scorer.Name);
                    Assert.Equal(component.Produces, scorer.Fields);
                    break;
                case IEmbedder embedder:
                    Assert.Equal(component.Name, embedder.Name);
                    break;
                case Winnow.Selection.ISelector selector:
                    Assert.Equal(component.Name, selector.Name);
                    break;
                case Winnow.Filters.IRowFilter filter:
                    Assert.Equal(component.Name, filter.Name);
                    Assert.Matches("^[a-z-]+$", filter.Code);
                    break;
                default:
                    Assert.Fail($"{component.Owner} built something that is not a filter, scorer, embedder or selector");
                    break;
            }
        }
    }

    [Fact]
    public void ParametersAreCheckedAgainstTheDeclarationBeforeConstruction()
    {
        var car = Declared.Of<CarSelector>();
        var unknown = Assert.Throws<ArgumentException>(() => car.Bind(new Dictionary<string, string> { ["colum"] = "q" }));
        Assert.Contains("selector 'car': unknown parameter(s) colum", unknown.Message);
        Assert.Contains("known: column, k, max_iterations, n1, n2, pca, sample_per_centroid, threads, variance", unknown.Message);
        var range = Assert.Throws<ArgumentException>(() => car.Bind(new Dictionary<string, string> { ["variance"] = "1.5" }));
        Assert.Equal("selector 'car': parameter 'variance' is '1.5', expected a number in (0, 1]", range.Message);
        var type = Assert.Throws<ArgumentException>(() => car.Bind(new Dictionary<string, string> { ["n2"] = "two" }));
        Assert.Equal("selector 'car': parameter 'n2' is 'two', expected an integer ≥ 1", type.Message);
        var flag = Assert.Throws<ArgumentException>(() => car.Bind(new Dictionary<string, string> { ["pca"] = "maybe" }));
        Assert.Equal("selector 'car': parameter 'pca' is 'maybe', expected true or false", flag.Message);
        var choice = Assert.Throws<ArgumentException>(() => Catalog.Scorers.Create("ifd", new Dictionary<string, string> { ["model"] = "m", ["variant"] = "alpagasus" }));
        Assert.Equal("scorer 'ifd': parameter 'variant' is 'alpagasus', expected cherry or superfiltering", choice.Message);
        var required = Assert.Throws<ArgumentException>(() => Catalog.Scorers.Create("ifd", new Dictionary<string, string>()));
        Assert.StartsWith("scorer 'ifd': parameter 'model' is required", required.Message);
    }

    [Fact]
    public void UnboundParametersCannotBeRead()
    {
        var error = Assert.Throws<InvalidOperationException>(() => new HashedTfidfEmbedder(new Parameters(new Dictionary<string, string>(), "embedder 'x'")));
        Assert.Contains("before they were checked against a declaration", error.Message);
    }

    [Fact]
    public void UnknownComponentNamesListTheKnownOnes()
    {
        var error = Assert.Throws<ArgumentException>(() => Catalog.Selectors.Info("kcenter"));
        Assert.StartsWith("unknown selector 'kcenter'; available: car, cherry,", error.Message);
    }
}

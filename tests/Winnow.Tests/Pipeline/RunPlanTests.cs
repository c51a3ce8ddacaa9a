using Winnow.Pipeline;
using Winnow.Tests.Data;

namespace Winnow.Tests.Pipeline;

public sealed class RunPlanTests : IDisposable
{
    private readonly TempDir _dir = new();

    public void Dispose() => _dir.Dispose();

    private string Input() => _dir.Write("data.json", """[{"instruction": "a", "output": "b"}]""");

    private SelectOptions Options(string? output = null) => new() { Input = Input(), Output = output ?? _dir.File("out.json"), Budget = 1 };

    /// <summary>
    /// Compiles the recipe text from a file and returns the error. Unless the options are given, the pool named does
    /// not exist: a plan that read it before judging the recipe would fail on the pool instead, so the error shows the
    /// recipe was judged first, before any row was read or model loaded.
    /// </summary>
    private string Error(string yaml, SelectOptions? options = null)
    {
        var path = _dir.Write("recipe.yaml", yaml);
        var recipe = Recipe.Load(path);
        var unread = options ?? Options() with { Input = _dir.File("absent.jsonl") };
        var error = Assert.Throws<ArgumentException>(() => RunPlan.Compile(recipe, unread));
        return error.Message.Replace(path, "recipe.yaml", StringComparison.Ordinal);
    }

    [Fact]
    public void AColumnNoScorerWritesIsAnErrorAtItsLine()
    {
        var message = Error("""
            scorers:
              - name: lexical.mtld
            selector:
              name: top-k
              params:
                column: lexical.mtld.mtdl
            """);
        Assert.Equal("recipe.yaml:6: selector 'top-k' reads column 'lexical.mtld.mtdl' (parameter 'column'), which no scorer of the recipe writes; its scorers write lexical.mtld.mtld", message);
    }

    [Fact]
    public void ADefaultColumnNoScorerWritesPointsAtTheSelector()
    {
        var message = Error("""
            scorers:
              - name: default-quality
            embedder: {name: hashed-tfidf}
            selector: {name: car}
            """);
        Assert.StartsWith("recipe.yaml:4: selector 'car' reads column 'car.iqs.iqs' (parameter 'column')", message);
    }

    [Fact]
    public void ASelectorNeedingEmbeddingsWithoutAnEmbedderIsAnError()
    {
        var message = Error("""
            scorers:
              - name: default-quality
            selector:
              name: deita
              params: {column: default-quality.quality}
            """);
        Assert.StartsWith("recipe.yaml:4: selector 'deita' needs embeddings but the recipe has no embedder", message);
    }

    [Fact]
    public void AModelThatCannotLoadIsAnErrorAtItsParameter()
    {
        var message = Error($$"""
            scorers:
              - name: ifd
                params:
                  model: {{_dir.File("no-such-model")}}
            selector:
              name: cherry
            """);
        Assert.StartsWith("recipe.yaml:4: ifd: model ", message);
        Assert.Contains("does not exist", message);
    }

    [Theory]
    [InlineData("reward", "model.gguf", "a GGUF file", "a sequence-classification or regression head")]
    [InlineData("car.iqs", "http://127.0.0.1:8000", "a server address", "an encoder's hidden states")]
    [InlineData("scar", "weights.safetensors", "a file, not a folder", "an encoder's hidden states")]
    public void AManagedOnlyModelGivenAFileOrServerNamesTheCapability(string scorer, string model, string what, string capability)
    {
        var path = model.StartsWith("http", StringComparison.Ordinal) ? model : _dir.Write(model, "x");
        var message = Error($$"""
            scorers:
              - name: {{scorer}}
                params:
                  model: {{path}}
            selector:
              name: top-k
              params:
                column: {{scorer}}.x
            """);
        Assert.StartsWith($"recipe.yaml:4: scorer '{scorer}': parameter 'model' is '{path}': {what}", message);
        Assert.Contains($"It needs {capability}", message);
    }

    [Fact]
    public void AManagedOnlyEmbedderGivenAGgufFileIsRefusedAtItsLine()
    {
        var gguf = _dir.Write("encoder.gguf", "x");
        var message = Error($$"""
            embedder:
              name: sentence
              params:
                model: {{gguf}}
            selector:
              name: k-center
            """);
        Assert.StartsWith($"recipe.yaml:4: embedder 'sentence': parameter 'model' is '{gguf}': a GGUF file", message);
    }

    [Fact]
    public void UnknownParametersOutOfRangeValuesAndUnknownNamesAreErrorsAtTheirLine()
    {
        Assert.StartsWith("recipe.yaml:4: scorer 'lexical.hdd': unknown parameter(s) drawz", Error("""
            scorers:
              - name: lexical.hdd
                params:
                  drawz: "10"
            selector: {name: random}
            """));
        Assert.Equal("recipe.yaml:5: selector 'ratio': parameter 'rate' is '1.5', expected a number in [0, 1]", Error("""
            scorers: [{name: default-quality}]
            selector:
              name: ratio
              params:
                rate: "1.5"
                column: default-quality.quality
            """));
        Assert.StartsWith("recipe.yaml:2: unknown scorer 'lexical.mtdl'; available: car.iqs,", Error("""
            scorers:
              - name: lexical.mtdl
            selector: {name: random}
            """));
    }

    [Fact]
    public void AnOutputThatIsTheInputIsAnError()
    {
        var input = Input();
        var message = Error("selector: {name: random}", new SelectOptions { Input = input, Output = input, Budget = 1 });
        Assert.Contains($"--output '{input}' is the input file", message);
    }

    [Fact]
    public void SetOverridesAComponentParameterAndIsChecked()
    {
        var recipe = Recipe.Parse("""
            scorers: [{name: lexical.hdd}]
            selector: {name: random}
            """, "r.yaml");
        recipe.Set("scorers.lexical.hdd.draws", "10");
        recipe.Set("selector.seed", "5");
        var plan = RunPlan.Compile(recipe, Options());
        Assert.Equal("10", plan.Scorers[0].Settings["draws"]);
        Assert.Equal("5", plan.Selector.Settings["seed"]);
        Assert.Equal("--set scorers.ifd.max_length: r.yaml has no scorer 'ifd'; its scorers are lexical.hdd",
            Assert.Throws<ArgumentException>(() => recipe.Set("scorers.ifd.max_length", "256")).Message);
        Assert.Throws<ArgumentException>(() => recipe.Set("embedder.dim", "8"));
        recipe.Set("scorers.lexical.hdd.draws", "0");
        Assert.StartsWith("r.yaml:1: scorer 'lexical.hdd': parameter 'draws' is '0'", Assert.Throws<ArgumentException>(() => RunPlan.Compile(recipe, Options())).Message);
    }

    [Fact]
    public void AnUnknownFilterOrABadFilterParameterIsAnErrorAtItsLine()
    {
        Assert.StartsWith("recipe.yaml:3: unknown filter 'near-dup'; available: degeneracy, exact-dedup, language-check, mismatch, near-dedup", Error("""
            filters:
              - name: exact-dedup
              - name: near-dup
            selector: {name: random}
            """));
        Assert.StartsWith("recipe.yaml:4: filter 'near-dedup': parameter 'threshold' is '1.5'", Error("""
            filters:
              - name: near-dedup
                params:
                  threshold: 1.5
            selector: {name: random}
            """));
        Assert.StartsWith("recipe.yaml:3: filter 'exact-dedup' is listed twice", Error("""
            filters:
              - name: exact-dedup
              - name: exact-dedup
            selector: {name: random}
            """));
    }

    [Fact]
    public void TheDefaultRecipeCompilesAndDescribesEveryStep()
    {
        var plan = RunPlan.Compile(Catalog.DefaultRecipe(), Options());
        var lines = plan.Describe();
        Assert.StartsWith("read ", lines[0]);
        Assert.Equal(["exact-dedup", "near-dedup", "degeneracy", "response-fit"], plan.Filters.Select(f => f.Name));
        Assert.Equal(("0.9", "true"), (plan.Filters[1].Settings["threshold"], plan.Filters[1].Settings["include_input"]));
        Assert.Equal(0.1, plan.Recipe.SourceFloor!.MinPoolShare);
        Assert.Equal("filter exact-dedup: sets aside exact copies of an earlier row (code duplicate)", lines[1]);
        Assert.Equal("filter response-fit (max_fit_rank=0.5, select_max_fit_rank=0.1): sets aside rows whose response fits their instruction worse than 50 % of 256 reference pool responses of similar length do; keeps rows above 10 % out of the selection (code mismatch)", lines[4]);
        Assert.Equal("quality", plan.Scorers.Single().Name);
        Assert.Contains(lines, l => l.StartsWith("score quality: reads prompt and response (every assistant turn of a multi-turn row); writes quality.quality →", StringComparison.Ordinal));
        Assert.Contains(lines, l => l.StartsWith("embed hashed-tfidf: reads the text chosen by 'text'; writes 256-d float16 embeddings → ", StringComparison.Ordinal));
        Assert.Contains("select car: reads column quality.quality, embeddings; chooses at most 1 rows", lines);
        Assert.StartsWith("write: selection → ", lines[^1]);
    }
}

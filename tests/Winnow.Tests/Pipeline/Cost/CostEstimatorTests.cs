using Winnow.Text;
using Winnow.Backends;
using Winnow.Data;
using Winnow.Pipeline;
using Winnow.Pipeline.Cost;
using Winnow.Scoring.Neural;
using Winnow.Tests.Data;
using Winnow.Tokenizers;

namespace Winnow.Tests.Pipeline.Cost;

/// <summary>
/// The structure of a cost plan and its counts. Timings are not asserted here (bench/plan-accuracy.sh measures the
/// estimate against the run); only that each step that should have an estimate has one.
/// </summary>
public sealed class CostEstimatorTests : IDisposable
{
    private readonly TempDir _dir = new();

    public void Dispose() => _dir.Dispose();

    private static readonly CostSettings Quick = new(SampleRows: 1000, CalibrationRows: 4, CalibrationSeconds: 0.01);

    private RunPlan Superfiltering(string input)
    {
        var recipe = Recipe.Load(Path.Combine(TestPaths.RepoRoot, "recipes", "superfiltering.yaml"));
        recipe.Substitute(new Dictionary<string, string> { ["model"] = TestPaths.Fixture("gpt2-tiny") });
        return RunPlan.Compile(recipe, new SelectOptions { Input = input, Output = _dir.File("out.json"), Budget = Budget.Parse("10%"), OnError = OnErrorPolicy.Skip });
    }

    /// <summary>
    /// On a pool within the sample size the token count is exact: it equals the tokens the model is actually given when
    /// every row is scored (counted by a backend that records each row it runs), and the refused rows are the rows that
    /// failed before reaching it.
    /// </summary>
    [SharedFact]
    public void OnASmallPoolTheTokenCountIsWhatTheModelReads()
    {
        var input = _dir.File("data.json");
        DemoDataset.Write(input, 60, seed: 3);
        var before = Directory.GetFiles(_dir.Path);
        var plan = Superfiltering(input);
        var cost = CostEstimator.Estimate(plan, Quick, default, CancellationToken.None);

        Assert.Equal(plan.Steps(), cost.Steps.Select(s => s.Step));
        Assert.Equal([PlanStepKind.Read, PlanStepKind.Score, PlanStepKind.Select, PlanStepKind.Write], cost.Steps.Select(s => s.Step.Kind));
        Assert.True(cost.WholePool);
        Assert.Equal(60, cost.PoolRows);
        Assert.True(cost.UsableRows is > 50 and < 60, "the demo data plants a few rows that fail validation");
        var score = cost.Steps.Single(s => s.Step.Kind == PlanStepKind.Score);
        var tokens = Assert.IsType<TokenCount>(score.Tokens);
        Assert.True(tokens.Exact);
        Assert.Equal(cost.UsableRows, tokens.CountedRows);

        var (ran, refused) = ScoreEveryRowRecordingTokens(input);
        Assert.Equal(ran, tokens.Tokens);
        Assert.Equal(refused, tokens.RowsRefused);
        Assert.True(score.Time!.Value.Wall > 0);
        Assert.Null(cost.Steps.Single(s => s.Step.Kind == PlanStepKind.Select).Time);
        Assert.Equal(cost.RowsAfterFilters * 5 * sizeof(double), cost.Memory.ScoreTableBytes);
        Assert.Equal(0, cost.Memory.EmbeddingBytes);
        Assert.True(cost.Memory.MeasuredBytes > 0);
        Assert.Equal(before, Directory.GetFiles(_dir.Path));
    }

    /// <summary>A bigger pool is counted on a seeded sample and scaled: the count on those rows times pool / sample.</summary>
    [SharedFact]
    public void OnABigPoolTokensAreCountedOnTheSampleAndScaled()
    {
        var input = _dir.File("data.json");
        DemoDataset.Write(input, 90, seed: 3);
        var plan = Superfiltering(input);
        var settings = Quick with { SampleRows = 30 };
        var cost = CostEstimator.Estimate(plan, settings, default, CancellationToken.None);
        Assert.False(cost.WholePool);
        var tokens = cost.Steps.Single(s => s.Step.Kind == PlanStepKind.Score).Tokens!;
        Assert.False(tokens.Exact);
        Assert.Equal(30, tokens.CountedRows);

        // The same sample drawn here (recipe without dedup, seed 0) and counted with the scorer's own rule.
        var pool = DatasetPool.Of(input);
        var scan = PoolScan.Run(pool, new DatasetReadOptions(), OnErrorPolicy.Skip, null, null, CancellationToken.None);
        var sample = CostEstimator.DrawSample(scan, pool, new DatasetReadOptions(), 30, seed: 0);
        var counter = (Winnow.Scoring.ITokenCountingScorer)plan.Scorers[0];
        Assert.Equal((long)Math.Round(sample.Sum(counter.CountTokens) * (double)cost.UsableRows / 30), tokens.Tokens);
    }

    [Fact]
    public void TheSampleIsSeededDistinctAndFromThePool()
    {
        var input = _dir.File("data.json");
        DemoDataset.Write(input, 200, seed: 1);
        var pool = DatasetPool.Of(input);
        var scan = PoolScan.Run(pool, new DatasetReadOptions(), OnErrorPolicy.Skip, new Winnow.Filters.FilterChain([Winnow.Filters.ExactDedupFilter.Create(Parameters.For<Winnow.Filters.ExactDedupFilter>())]).CheckLeading, null, CancellationToken.None);
        var a = CostEstimator.DrawSample(scan, pool, new DatasetReadOptions(), 50, seed: 4).Select(r => r.Id).ToList();
        var again = CostEstimator.DrawSample(scan, pool, new DatasetReadOptions(), 50, seed: 4).Select(r => r.Id).ToList();
        var other = CostEstimator.DrawSample(scan, pool, new DatasetReadOptions(), 50, seed: 5).Select(r => r.Id).ToList();
        Assert.Equal(a, again);
        Assert.NotEqual(a, other);
        Assert.Equal(50, a.Distinct().Count());
        Assert.Subset(scan.UsableIds.ToHashSet(), a.ToHashSet());
        Assert.Equal(scan.UsableIds.Count, CostEstimator.DrawSample(scan, pool, new DatasetReadOptions(), 10_000, seed: 4).Count);
    }

    /// <summary>The model-free default: every filter and the embedder are timed on the sample, the embedding matrix is sized, no scorer counts tokens.</summary>
    [Fact]
    public void TheDefaultRecipeHasAnEstimateForEveryFilterAndTheEmbedder()
    {
        var input = _dir.File("data.json");
        DemoDataset.Write(input, 120, seed: 2);
        var plan = RunPlan.Compile(Catalog.DefaultRecipe(), new SelectOptions { Input = input, Output = _dir.File("out.json"), Budget = 10, OnError = OnErrorPolicy.Skip });
        var cost = CostEstimator.Estimate(plan, Quick, default, CancellationToken.None);
        Assert.Equal(plan.Steps(), cost.Steps.Select(s => s.Step));
        Assert.Contains(cost.Steps, s => s.Step.Name == "near-dedup");
        Assert.All(cost.Steps.Where(s => s.Step.Kind is PlanStepKind.Filter or PlanStepKind.Embed or PlanStepKind.Score), s => Assert.NotNull(s.Time));
        Assert.All(cost.Steps, s => Assert.Null(s.Tokens));
        Assert.True(cost.RowsAfterFilters <= cost.UsableRows);
        Assert.Equal(cost.RowsAfterFilters * plan.Embedder!.Dim * 2, cost.Memory.EmbeddingBytes);
    }

    /// <summary>Scores every row of <paramref name="input"/> with the recipe's IFD settings through a backend that adds up the lengths of the rows it is given.</summary>
    private static (long Tokens, long Refused) ScoreEveryRowRecordingTokens(string input)
    {
        var parameters = Catalog.Scorers.Info("ifd").Bind(new Dictionary<string, string> { ["model"] = TestPaths.Fixture("gpt2-tiny") });
        using var backend = new RecordingBackend(ModelBackends.Open(BackendOptions.Parse("ifd", parameters)));
        var planner = new IfdPlanner(IfdVariant.Superfiltering, IfdTemplate.None, new ResponseTokenizer(backend.Tokenizer, AnswerBoundary.SeparatePrefix), 1024, 1);
        var scorer = new IfdScorer(backend, planner, new BatchedLosses(backend, 16, parameters.GetInt("max_batch_tokens")));
        var rows = DatasetReader.Read(input).Where(o => o.Sample is not null).Select(o => o.Sample!).ToList();
        var results = scorer.Score(rows, CancellationToken.None);
        return (backend.Tokens, results.Count(r => r.Error is not null));
    }

    private sealed class RecordingBackend(IModelBackend inner) : IModelBackend
    {
        public long Tokens { get; private set; }

        public BackendCapabilities Capabilities => inner.Capabilities;

        public BackendProvenance Provenance => inner.Provenance;

        public ITextTokenizer Tokenizer => inner.Tokenizer;

        public int MaxContext => inner.MaxContext;

        public int VocabSize => inner.VocabSize;

        public int HiddenSize => inner.HiddenSize;

        public float[][] TokenLogProbs(IReadOnlyList<int[]> rows, IReadOnlyList<(int From, int To)> scored)
        {
            Tokens += rows.Sum(r => (long)r.Length);
            return inner.TokenLogProbs(rows, scored);
        }

        public double[][] ChosenLogProbs(IReadOnlyList<int[]> rows, IReadOnlyList<int[]> positions, IReadOnlyList<int> chosenIds) => throw new NotSupportedException();

        public TopToken[][][] TopLogProbs(IReadOnlyList<int[]> rows, IReadOnlyList<int[]> positions, int k) => throw new NotSupportedException();

        public float[][] LogSoftmax(IReadOnlyList<int[]> rows, IReadOnlyList<int[]> positions) => throw new NotSupportedException();

        public float[][] LastHiddenStates(IReadOnlyList<int[]> rows) => throw new NotSupportedException();

        public void Dispose() => inner.Dispose();
    }
}

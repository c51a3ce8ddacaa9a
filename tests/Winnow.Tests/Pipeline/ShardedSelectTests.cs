using Winnow.Pipeline;
using Winnow.Tests.Cli;

namespace Winnow.Tests.Pipeline;

/// <summary>
/// <c>select --shard i/N</c>, <c>winnow merge</c> of scores and embeddings, and the final <c>select --embeddings</c>:
/// the default recipe (filters, pool-fitted scorer, hashed-tfidf with its pool IDF, CaR) on a demo pool with planted
/// duplicates, against the unsharded run.
/// </summary>
public sealed class ShardedSelectTests : IDisposable
{
    private readonly string _dir = Directory.CreateTempSubdirectory("winnow-sharded-").FullName;

    public void Dispose() => Directory.Delete(_dir, recursive: true);

    private string Demo(string name, int rows, int seed)
    {
        var path = Path.Combine(_dir, name);
        DemoDataset.Write(path, rows, seed);
        return path;
    }

    private static void Ok(CliRunner.Result result) => Assert.True(result.ExitCode == 0, result.Error + result.Output);

    /// <summary>The CLI with <c>--on-error skip</c> after a select's arguments: the demo pool holds rows with an empty field.</summary>
    private static CliRunner.Result Select(params string[] args) => CliRunner.Run(["select", .. args, "--on-error", "skip"]);

    /// <summary>
    /// Runs the N shard tasks of a select (its arguments, then <c>--shard i/N</c>) and merges their score files, and
    /// their embeddings when <paramref name="embeddings"/> is given.
    /// </summary>
    private static void RunShards(int count, string? embeddings, params string[] args)
    {
        string[] embed = embeddings is null ? [] : ["--embeddings", embeddings];
        for (var i = 0; i < count; i++)
            Ok(Select([.. args, .. embed, "--shard", $"{i}/{count}"]));
        var output = args[Array.IndexOf(args, "-o") + 1];
        Ok(CliRunner.Run("merge", output + ".scores.jsonl", "--shards", $"{count}"));
        if (embeddings is not null)
            Ok(CliRunner.Run("merge", embeddings, "--shards", $"{count}"));
    }

    /// <summary>The unsharded run's output and sidecars (by suffix; "" is the selection itself) equal the sharded run's, byte for byte.</summary>
    private static void AssertSameBytes(string whole, string sharded, params string[] suffixes)
    {
        foreach (var suffix in suffixes)
            Assert.True(File.ReadAllBytes(whole + suffix).AsSpan().SequenceEqual(File.ReadAllBytes(sharded + suffix)), $"{Path.GetFileName(sharded + suffix)} differs from the unsharded run's");
    }

    private string Recipe(string name, string yaml)
    {
        var path = Path.Combine(_dir, name);
        File.WriteAllText(path, yaml);
        return path;
    }

    [Fact]
    public void FourShardsMergedSelectExactlyWhatTheUnshardedRunSelects()
    {
        var data = Demo("pool.json", 160, seed: 3);
        var whole = Path.Combine(_dir, "whole.json");
        Ok(Select(data, "-n", "16", "-o", whole));

        var output = Path.Combine(_dir, "sharded.json");
        var embeddings = Path.Combine(_dir, "pool.f16");
        RunShards(4, embeddings, data, "-n", "16", "-o", output);
        Assert.False(File.Exists(output), "a shard run selects nothing");
        // The shards share the filter checkpoints (shard 0 saved them, the others loaded them), and no temporary file is left.
        Assert.Equal(["step-2-near-dedup.ckpt", "step-4-response-fit.ckpt"], Directory.GetFiles(output + ".filters").Select(Path.GetFileName).Order(StringComparer.Ordinal));
        var final = Select(data, "-n", "16", "-o", output, "--embeddings", embeddings);
        Ok(final);
        Assert.Contains("loaded from its checkpoint", final.Output);

        AssertSameBytes(whole, output, "", ".decisions.jsonl", ".scores.jsonl", ".embeddings.f16");
        Assert.Equal(File.ReadAllBytes(whole + ".embeddings.f16"), File.ReadAllBytes(embeddings));
    }

    /// <summary>
    /// A pool-fitted scorer (stat-ifd): the final select finds every row scored by the shards' run, which was fitted
    /// on this pool, and does not fit it again; a re-run with another budget does not either. The selection, the score
    /// file and the report's scorer settings (the mixture weights the fit chose) are the unsharded run's.
    /// </summary>
    [Fact]
    public void TheFinalSelectDoesNotFitAPoolFittedScorerAgain()
    {
        var data = Demo("pool.json", 120, seed: 4);
        var recipe = Recipe("stat-ifd.yaml", "name: stat-ifd top\nfilters:\n  - name: exact-dedup\nscorers:\n  - name: stat-ifd\nselector:\n  name: top-k\n  params:\n    column: stat-ifd.ifd\n");
        var whole = Path.Combine(_dir, "whole.json");
        var first = Select(data, "-n", "12", "-o", whole, "--recipe", recipe);
        Ok(first);
        Assert.DoesNotContain("not fitted again", first.Output);
        Assert.Contains("\"fitted_on\":", File.ReadLines(whole + ".scores.jsonl").First());

        var output = Path.Combine(_dir, "sharded.json");
        RunShards(2, null, data, "-n", "12", "-o", output, "--recipe", recipe);
        var final = Select(data, "-n", "12", "-o", output, "--recipe", recipe);
        Ok(final);
        Assert.Contains("reused from the score file (its run was fitted on this pool: not fitted again)", final.Output);
        AssertSameBytes(whole, output, "", ".decisions.jsonl", ".scores.jsonl");
        Assert.Equal(ScorerSettings(whole), ScorerSettings(output));
        Assert.Contains("lambdas_in_use", ScorerSettings(output));

        var rerun = Select(data, "-n", "6", "-o", whole, "--recipe", recipe);
        Ok(rerun);
        Assert.Contains("not fitted again", rerun.Output);
    }

    private static string ScorerSettings(string output) =>
        System.Text.Json.JsonDocument.Parse(File.ReadAllText(output + ".report.json")).RootElement.GetProperty("scorers").GetRawText();

    [Fact]
    public void ARecipeWithoutScorersShardsTheSameWay()
    {
        var data = Demo("pool.json", 100, seed: 3);
        var recipe = Recipe("k-center.yaml", "name: k-center only\nembedder:\n  name: hashed-tfidf\nselector:\n  name: k-center\n");
        var whole = Path.Combine(_dir, "whole.json");
        Ok(Select(data, "-n", "10", "-o", whole, "--recipe", recipe));
        var output = Path.Combine(_dir, "sharded.json");
        var embeddings = Path.Combine(_dir, "pool.f16");
        RunShards(2, embeddings, data, "-n", "10", "-o", output, "--recipe", recipe);
        Ok(Select(data, "-n", "10", "-o", output, "--recipe", recipe, "--embeddings", embeddings));
        AssertSameBytes(whole, output, "", ".decisions.jsonl");
    }

    [Fact]
    public void MergeNamesMissingShardsAndRefusesAShardOfAnotherPool()
    {
        var data = Demo("pool.json", 120, seed: 3);
        var other = Demo("other.json", 120, seed: 4);
        var output = Path.Combine(_dir, "out.json");
        var embeddings = Path.Combine(_dir, "pool.f16");
        Ok(Select(data, "-n", "10", "-o", output, "--embeddings", embeddings, "--shard", "0/3"));
        var missing = CliRunner.Run("merge", embeddings, "--shards", "3");
        Assert.Equal(1, missing.ExitCode);
        Assert.Contains("2 of 3 shards are missing or unfinished: 1/3, 2/3", missing.Error);
        Assert.False(File.Exists(embeddings));

        Ok(Select(data, "-n", "10", "-o", output, "--embeddings", embeddings, "--shard", "1/3"));
        Ok(Select(other, "-n", "10", "-o", output, "--embeddings", embeddings, "--shard", "2/3"));
        var mixed = CliRunner.Run("merge", embeddings, "--shards", "3");
        Assert.NotEqual(0, mixed.ExitCode);
        Assert.Contains("shard 2/3 does not belong with shard 0/3: the pool differs", mixed.Error);
        var mixedScores = CliRunner.Run("merge", output + ".scores.jsonl", "--shards", "3");
        Assert.NotEqual(0, mixedScores.ExitCode);
        Assert.Contains("shard 2/3 read another pool than shard 0/3", mixedScores.Error);
    }

    [Fact]
    public void SelectRefusesEmbeddingsMadeWithOtherSettingsOrUnmerged()
    {
        var data = Demo("pool.json", 120, seed: 3);
        var output = Path.Combine(_dir, "out.json");
        var embeddings = Path.Combine(_dir, "pool.f16");
        for (var i = 0; i < 2; i++)
            Ok(Select(data, "-n", "10", "-o", output, "--embeddings", embeddings, "--shard", $"{i}/2", "--set", "embedder.seed=5"));
        var unmerged = Select(data, "-n", "10", "-o", output, "--embeddings", embeddings);
        Assert.NotEqual(0, unmerged.ExitCode);
        Assert.Contains("no completion marker", unmerged.Error);

        Ok(CliRunner.Run("merge", embeddings, "--shards", "2"));
        var other = Select(data, "-n", "10", "-o", output, "--embeddings", embeddings);
        Assert.NotEqual(0, other.ExitCode);
        Assert.Contains("the embedder settings differ: seed=5 vs 0", other.Error);
        Ok(Select(data, "-n", "10", "-o", output, "--embeddings", embeddings, "--set", "embedder.seed=5"));
    }

    [Fact]
    public void AShardRunOfAnEmbeddingRecipeNeedsTheEmbeddingsPath()
    {
        var data = Demo("pool.json", 60, seed: 3);
        var result = Select(data, "-n", "10", "-o", Path.Combine(_dir, "out.json"), "--shard", "0/2");
        Assert.NotEqual(0, result.ExitCode);
        Assert.Contains("pass --embeddings PATH", result.Error);
    }
}

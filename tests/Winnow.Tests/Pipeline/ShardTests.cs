using Winnow.Pipeline;

namespace Winnow.Tests.Pipeline;

public sealed class ShardTests : IDisposable
{
    private readonly string _dir = Directory.CreateTempSubdirectory("winnow-shard-").FullName;

    public void Dispose() => Directory.Delete(_dir, recursive: true);

    [Theory]
    [InlineData("0/4", 0, 4)]
    [InlineData("3/4", 3, 4)]
    public void ParsesExplicitShard(string text, int index, int count) => Assert.Equal(new ShardSpec(index, count), ShardSpec.Parse(text));

    [Theory]
    [InlineData("4/4")]
    [InlineData("-1/4")]
    [InlineData("1")]
    [InlineData("a/b")]
    [InlineData("0/0")]
    public void RejectsMalformedShard(string text) => Assert.Throws<ArgumentException>(() => ShardSpec.Parse(text));

    [Fact]
    public void ReadsSlurmArrayAndKubernetesIndexedJobs()
    {
        var slurm = new Dictionary<string, string> { ["SLURM_ARRAY_TASK_ID"] = "5", ["SLURM_ARRAY_TASK_MIN"] = "1", ["SLURM_ARRAY_TASK_COUNT"] = "8" };
        Assert.Equal(new ShardSpec(4, 8), ShardSpec.Resolve(null, null, slurm.GetValueOrDefault));
        var k8s = new Dictionary<string, string> { ["JOB_COMPLETION_INDEX"] = "2" };
        Assert.Equal(new ShardSpec(2, 3), ShardSpec.Resolve(null, 3, k8s.GetValueOrDefault));
        Assert.Throws<ArgumentException>(() => ShardSpec.Resolve(null, null, k8s.GetValueOrDefault));
        Assert.Equal(ShardSpec.Whole, ShardSpec.Resolve(null, null, _ => null));
        Assert.Equal(new ShardSpec(1, 2), ShardSpec.Resolve("1/2", null, slurm.GetValueOrDefault));
    }

    [Fact]
    public void ShardsPartitionThePoolAndMergeEqualsTheUnshardedFile()
    {
        var rows = TestRows.Pool(23);
        var whole = Path.Combine(_dir, "whole.jsonl");
        ScoreRunner.Run(new TestRows.LengthScorer(), () => rows, whole, ShardSpec.Whole, 4, null, CancellationToken.None);

        var sharded = Path.Combine(_dir, "scores.jsonl");
        Assert.Equal([0, 1, 2], ShardFiles.Merge(sharded, 3));
        for (var i = 0; i < 3; i++)
            ScoreRunner.Run(new TestRows.LengthScorer(), () => rows, sharded, new ShardSpec(i, 3), 4, null, CancellationToken.None);
        Assert.Empty(ShardFiles.Merge(sharded, 3));
        Assert.Equal(File.ReadAllText(whole), File.ReadAllText(sharded));
    }

    [Fact]
    public void MergeReportsUnfinishedShards()
    {
        var rows = TestRows.Pool(10);
        var sharded = Path.Combine(_dir, "part.jsonl");
        ScoreRunner.Run(new TestRows.LengthScorer(), () => rows, sharded, new ShardSpec(1, 3), 4, null, CancellationToken.None);
        Assert.Equal([0, 2], ShardFiles.Merge(sharded, 3));
        Assert.False(File.Exists(sharded));
    }
}

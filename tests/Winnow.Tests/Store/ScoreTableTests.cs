using Winnow.Pipeline;
using Winnow.Store;

namespace Winnow.Tests.Store;

public sealed class ScoreTableTests : IDisposable
{
    private readonly string _dir = Directory.CreateTempSubdirectory("winnow-table-").FullName;

    public void Dispose() => Directory.Delete(_dir, recursive: true);

    [Fact]
    public void ColumnsFollowTheRequestedRowOrderWithNaNForFailuresAndMissingRows()
    {
        var rows = new[] { TestRows.Alpaca(0, "a", "four"), TestRows.Alpaca(1, "b", "boom"), TestRows.Alpaca(2, "c", "sixsix") };
        var path = Path.Combine(_dir, "t.jsonl");
        ScoreRunner.Run(new TestRows.LengthScorer(), () => rows.Take(2), path, ShardSpec.Whole, 8, null, CancellationToken.None);
        var table = ScoreTable.Load([path], [rows[2].Id, rows[0].Id, rows[1].Id]);
        var chars = table.Columns["test-length.chars"];
        Assert.True(double.IsNaN(chars[0]));
        Assert.Equal(4, chars[1]);
        Assert.True(double.IsNaN(chars[2]));
        Assert.Equal("test-length: exploded", table.Errors[rows[1].Id]);
    }

    [Fact]
    public void NonDefaultVariantIsPartOfTheColumnName()
    {
        var path = Path.Combine(_dir, "v.jsonl");
        var rows = TestRows.Pool(2);
        ScoreRunner.Run(new TestRows.LengthScorer("cherry"), () => rows, path, ShardSpec.Whole, 8, null, CancellationToken.None);
        var table = ScoreTable.Load([path], rows.Select(r => r.Id).ToList());
        Assert.True(table.Columns.ContainsKey("test-length:cherry.half"));
    }
}

public sealed class ScoreTableVariantTests : IDisposable
{
    private readonly string _dir = Directory.CreateTempSubdirectory("winnow-variants-").FullName;

    public void Dispose() => Directory.Delete(_dir, recursive: true);

    [Fact]
    public void OneVariantAlsoAnswersToTheShortNameButTwoVariantsDoNot()
    {
        var rows = TestRows.Pool(3);
        var ids = rows.Select(r => r.Id).ToList();
        var single = Path.Combine(_dir, "one.jsonl");
        Winnow.Pipeline.ScoreRunner.Run(new TestRows.LengthScorer("cherry"), () => rows, single, Winnow.Pipeline.ShardSpec.Whole, 8, null, CancellationToken.None);
        var table = ScoreTable.Load([single], ids);
        Assert.Same(table.Columns["test-length:cherry.chars"], table.Columns["test-length.chars"]);

        var both = Path.Combine(_dir, "two.jsonl");
        Winnow.Pipeline.ScoreRunner.Run(new TestRows.LengthScorer("cherry"), () => rows, both, Winnow.Pipeline.ShardSpec.Whole, 8, null, CancellationToken.None);
        Winnow.Pipeline.ScoreRunner.Run(new TestRows.LengthScorer("superfiltering"), () => rows, both, Winnow.Pipeline.ShardSpec.Whole, 8, null, CancellationToken.None);
        var ambiguous = ScoreTable.Load([both], ids);
        Assert.False(ambiguous.Columns.ContainsKey("test-length.chars"));
        Assert.True(ambiguous.Columns.ContainsKey("test-length:superfiltering.chars"));
    }
}

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

using Winnow.Data;
using Winnow.Pipeline;

namespace Winnow.Tests.Pipeline;

public sealed class PoolScanTests : IDisposable
{
    private readonly string _dir = Directory.CreateTempSubdirectory("winnow-scan-").FullName;

    public void Dispose() => Directory.Delete(_dir, recursive: true);

    /// <summary>A pool of 12 rows with rows 0 and 5 set aside at read, so usable positions and row indices differ.</summary>
    private (DatasetPool Pool, PoolScan Scan, string Path) Scanned()
    {
        var path = Path.Combine(_dir, "pool.jsonl");
        SampleFileWriter.WriteAlpaca(path, Enumerable.Range(0, 12).Select(i => TestRows.Alpaca(i, $"question {i}", $"answer {i}")), DatasetLayout.JsonLines);
        var pool = DatasetPool.Of(path);
        var scan = PoolScan.Run(pool, new DatasetReadOptions(), OnErrorPolicy.Fail, r => r.Index is 0 or 5 ? ("test", "set aside") : null, null, CancellationToken.None);
        return (pool, scan, path);
    }

    [Fact]
    public void Rows_at_positions_are_those_rows_of_the_whole_pass_in_pool_order()
    {
        var (pool, scan, _) = Scanned();
        var all = scan.Rows(pool, new DatasetReadOptions()).ToList();
        int[] positions = [0, 3, 4, 9];

        var some = scan.Rows(pool, new DatasetReadOptions(), positions).ToList();

        Assert.Equal(positions.Select(p => all[p].Id), some.Select(r => r.Id));
        Assert.Equal([1L, 4, 6, 11], some.Select(r => r.Index));
        Assert.Empty(scan.Rows(pool, new DatasetReadOptions(), []));
    }

    [Fact]
    public void Positions_out_of_order_are_refused()
    {
        var (pool, scan, _) = Scanned();
        var error = Assert.Throws<ArgumentException>(() => scan.Rows(pool, new DatasetReadOptions(), [3, 3]).ToList());
        Assert.Contains("ascending", error.Message);
    }

    [Fact]
    public void A_wanted_row_changed_since_the_read_is_an_error_and_an_unwanted_one_is_not_read()
    {
        var (pool, scan, path) = Scanned();
        var lines = File.ReadAllLines(path);
        lines[4] = lines[4].Replace("answer 4", "answer four");
        lines[7] = lines[7].Replace("answer 7", "answer seven");
        File.WriteAllLines(path, lines);

        // Row 7 (position 5) is not asked for: its change goes unseen; row 4 (position 3) is.
        Assert.Equal([2L, 8], scan.Rows(pool, new DatasetReadOptions(), [1, 6]).Select(r => r.Index));
        var error = Assert.Throws<InvalidDataException>(() => scan.Rows(pool, new DatasetReadOptions(), [1, 3]).ToList());
        var changed = DatasetReader.Read(path).Single(r => r.Index == 4).Sample!;
        Assert.Equal($"{path}: row 4 changed since it was read (id {changed.Id}, was {scan.UsableIds[3]}); the input must not change during a run", error.Message);
    }
}

using Winnow.Quality.Features;

namespace Winnow.Tests.Quality.Features;

public class ResponseDeflateSizesTests
{
    [Fact]
    public void Gives_back_what_was_set_and_nothing_for_rows_never_set()
    {
        var sizes = new ResponseDeflateSizes();
        Assert.Null(sizes.Get(0));
        sizes.Set(0, 0);
        sizes.Set(65_535, 17);
        sizes.Set(65_536, 18);
        // Far past the first blocks: the table of blocks grows.
        sizes.Set(5_000_000_000, 900);
        Assert.Equal(0, sizes.Get(0));
        Assert.Equal(17, sizes.Get(65_535));
        Assert.Equal(18, sizes.Get(65_536));
        Assert.Equal(900, sizes.Get(5_000_000_000));
        Assert.Null(sizes.Get(1));
        Assert.Null(sizes.Get(4_999_999_999));
        Assert.Null(sizes.Get(6_000_000_000));
        Assert.Null(sizes.Get(-1));
        Assert.Throws<ArgumentOutOfRangeException>(() => sizes.Set(-1, 3));
        Assert.Throws<ArgumentOutOfRangeException>(() => sizes.Set(3, -1));
    }

    /// <summary>Rows set on every core at once, spread over many blocks made concurrently, all read back.</summary>
    [Fact]
    public void Rows_set_concurrently_are_all_kept()
    {
        var sizes = new ResponseDeflateSizes();
        const int rows = 400_000;
        Parallel.For(0, rows, new ParallelOptions { MaxDegreeOfParallelism = 4 }, i => sizes.Set(7L * i, i % 1000));
        for (var i = 0; i < rows; i++)
            Assert.Equal(i % 1000, sizes.Get(7L * i));
        Assert.Null(sizes.Get(8));
    }
}

using Winnow.Data;

namespace Winnow.Tests.Data;

public class ReadAheadTests
{
    [Fact]
    public void Items_come_in_order_over_whole_and_partial_blocks()
    {
        var count = 3 * ReadAhead.BlockSize + 17;
        Assert.Equal(Enumerable.Range(0, count), ReadAhead.Of(Enumerable.Range(0, count)));
        Assert.Empty(ReadAhead.Of(Enumerable.Empty<int>()));
    }

    [Fact]
    public void Nothing_is_read_before_the_enumeration_starts()
    {
        var started = false;
        IEnumerable<int> Source()
        {
            started = true;
            yield return 1;
        }
        var items = ReadAhead.Of(Source());
        Thread.Sleep(50);
        Assert.False(started);
        Assert.Equal([1], items);
        Assert.True(started);
    }

    [Fact]
    public void A_source_exception_reaches_the_consumer_after_the_items_before_it()
    {
        IEnumerable<int> Source()
        {
            for (var i = 0; i < ReadAhead.BlockSize + 5; i++)
                yield return i;
            throw new InvalidDataException("the file became shorter");
        }
        var seen = new List<int>();
        var error = Assert.Throws<InvalidDataException>(() =>
        {
            foreach (var item in ReadAhead.Of(Source()))
                seen.Add(item);
        });
        Assert.Equal("the file became shorter", error.Message);
        Assert.Equal(Enumerable.Range(0, ReadAhead.BlockSize + 5), seen);
    }

    [Fact]
    public void A_consumer_that_stops_early_stops_the_reader_and_the_source_is_disposed()
    {
        var disposed = false;
        var produced = 0;
        IEnumerable<int> Source()
        {
            try
            {
                for (var i = 0; ; i++)
                {
                    Interlocked.Increment(ref produced);
                    yield return i;
                }
            }
            finally
            {
                disposed = true;
            }
        }
        Assert.Equal([0, 1, 2], ReadAhead.Of(Source()).Take(3));
        // Disposing the enumeration waited for the reader, which had left the source.
        Assert.True(disposed);
        // It read at most the blocks it may hold ahead, the one being handed over and the one being filled.
        Assert.True(produced <= (ReadAhead.BlocksAhead + 2) * ReadAhead.BlockSize, $"{produced} items read");
    }
}

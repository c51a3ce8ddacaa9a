using Winnow.Data;

namespace Winnow.Tests.Data;

public class ReadAheadTests
{
    [Fact]
    public void Items_come_in_order_over_whole_and_partial_blocks()
    {
        var count = 3 * ReadAhead.BlockSize + 17;
        Assert.Equal(Enumerable.Range(0, count), ReadAhead.Of(Enumerable.Range(0, count), _ => 4));
        Assert.Empty(ReadAhead.Of(Enumerable.Empty<int>(), _ => 4));
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
        var items = ReadAhead.Of(Source(), _ => 4);
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
            foreach (var item in ReadAhead.Of(Source(), _ => 4))
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
        Assert.Equal([0, 1, 2], ReadAhead.Of(Source(), _ => 4).Take(3));
        // Disposing the enumeration waited for the reader, which had left the source.
        Assert.True(disposed);
        // It read at most the blocks it may hold ahead, the one being handed over and the one being filled.
        Assert.True(produced <= (ReadAhead.BlocksAhead + 2) * ReadAhead.BlockSize, $"{produced} items read");
    }

    [Fact]
    public void Large_items_are_handed_over_in_blocks_bounded_by_bytes()
    {
        // 1 MiB items: a block is full at 16 of them, so the reader is at most (2 + 2) · 16 items ahead, not 4,096.
        var produced = 0;
        IEnumerable<int> Source()
        {
            for (var i = 0; ; i++)
            {
                Interlocked.Increment(ref produced);
                yield return i;
            }
        }
        using var items = ReadAhead.Of(Source(), _ => 1 << 20).GetEnumerator();
        Assert.True(items.MoveNext());
        Thread.Sleep(200);
        var perBlock = (int)(ReadAhead.BlockBytes >> 20);
        Assert.True(produced <= (ReadAhead.BlocksAhead + 2) * perBlock + 1, $"{produced} items read ahead");
    }

    [Fact]
    public void Rows_are_bounded_by_their_texts_bytes()
    {
        // A 256k-character response is held twice (as the response and as the assistant's turn): 1 MiB of UTF-16 a
        // row, so a block is full at 16 rows and the reader is at most (2 + 2) · 16 rows ahead, not 4,096.
        var response = new string('x', 256 * 1024);
        var produced = 0;
        IEnumerable<Sample> Source()
        {
            for (var i = 0; ; i++)
            {
                Interlocked.Increment(ref produced);
                yield return TestRows.Alpaca(i, "", response);
            }
        }
        using var rows = ReadAhead.Of(Source()).GetEnumerator();
        Assert.True(rows.MoveNext());
        Thread.Sleep(200);
        Assert.True(produced <= (ReadAhead.BlocksAhead + 2) * 16 + 1, $"{produced} rows read ahead");
        Assert.True(produced > 16, $"{produced} rows read ahead: the reader should run ahead of the consumer");
    }
}

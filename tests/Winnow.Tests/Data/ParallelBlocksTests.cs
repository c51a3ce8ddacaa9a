using Winnow.Data;

namespace Winnow.Tests.Data;

public class ParallelBlocksTests
{
    /// <summary>Work that takes a varying while, so that later blocks often finish before earlier ones.</summary>
    private static int SumSlowly(int[] block)
    {
        Thread.SpinWait(block[0] * 7919 % 20_000);
        return block.Sum();
    }

    [Theory]
    [InlineData(1, 0)]
    [InlineData(1, 1)]
    [InlineData(2, 64)]
    [InlineData(2, 1000)]
    [InlineData(4, 1001)]
    [InlineData(3, 7)]
    public void Blocks_and_their_results_come_in_stream_order(int threads, int count)
    {
        var results = ParallelBlocks.Map(Enumerable.Range(0, count), 10, threads, SumSlowly, CancellationToken.None).ToList();
        Assert.Equal(Enumerable.Range(0, count).Chunk(10).Select(b => b.ToArray()), results.Select(r => r.Block));
        Assert.All(results, r => Assert.Equal(r.Block.Sum(), r.Result));
    }

    [Fact]
    public void Each_worker_has_a_state_of_its_own_that_no_other_thread_uses_at_the_same_time()
    {
        var states = new List<int[]>();
        var clashes = 0;
        var results = ParallelBlocks.Map(Enumerable.Range(0, 5000), 16, 3, () =>
        {
            var state = new int[1];
            lock (states)
                states.Add(state);
            return state;
        }, (block, state) =>
        {
            if (Interlocked.Exchange(ref state[0], 1) != 0)
                Interlocked.Increment(ref clashes);
            var sum = SumSlowly(block);
            state[0] = 0;
            return sum;
        }, CancellationToken.None).ToList();
        Assert.InRange(states.Count, 1, 3);
        Assert.Equal(0, clashes);
        Assert.Equal(Enumerable.Range(0, 5000).Sum(), results.Sum(r => r.Result));
    }

    [Fact]
    public void A_failing_block_is_thrown_after_the_blocks_before_it_and_none_after_it_is_handed_back()
    {
        var seen = new List<int>();
        var error = Assert.Throws<InvalidOperationException>(() =>
        {
            foreach (var (block, result) in ParallelBlocks.Map(Enumerable.Range(0, 1000), 10, 2, block =>
                     block[0] == 370 ? throw new InvalidOperationException("block 37") : SumSlowly(block), CancellationToken.None))
                seen.Add(block[0]);
        });
        Assert.Equal("block 37", error.Message);
        Assert.Equal(Enumerable.Range(0, 37).Select(b => 10 * b), seen);
    }

    [Fact]
    public void A_source_failure_is_thrown_after_the_whole_blocks_before_it()
    {
        IEnumerable<int> Source()
        {
            for (var i = 0; i < 95; i++)
                yield return i;
            throw new InvalidDataException("the file became shorter");
        }
        var seen = new List<int>();
        var error = Assert.Throws<InvalidDataException>(() =>
        {
            foreach (var (block, _) in ParallelBlocks.Map(Source(), 10, 2, SumSlowly, CancellationToken.None))
                seen.AddRange(block);
        });
        Assert.Equal("the file became shorter", error.Message);
        Assert.Equal(Enumerable.Range(0, 90), seen);
    }

    [Fact]
    public void A_caller_that_stops_early_stops_the_workers_reads_little_more_and_disposes_the_source()
    {
        var read = 0;
        var disposed = false;
        IEnumerable<int> Source()
        {
            try
            {
                for (var i = 0; ; i++)
                {
                    Interlocked.Increment(ref read);
                    yield return i;
                }
            }
            finally
            {
                disposed = true;
            }
        }
        var first = ParallelBlocks.Map(Source(), 10, 2, SumSlowly, CancellationToken.None).Take(3).Select(r => r.Block[0]).ToList();
        Assert.Equal([0, 10, 20], first);
        Assert.True(disposed);
        // Three blocks handed back, at most 2 × threads more taken ahead of the caller.
        Assert.InRange(read, 30, 30 + 4 * 10 + 1);
    }

    [Fact]
    public void Blocks_taken_and_not_yet_handed_back_are_at_most_twice_the_threads()
    {
        var taken = 0;
        var handedBack = 0;
        var most = 0;
        IEnumerable<int> Source()
        {
            for (var i = 0; i < 2000; i++)
            {
                if (i % 10 == 0)
                {
                    var ahead = Interlocked.Increment(ref taken) - Volatile.Read(ref handedBack);
                    InterlockedMax(ref most, ahead);
                }
                yield return i;
            }
        }
        foreach (var _ in ParallelBlocks.Map(Source(), 10, 3, block => block.Length, CancellationToken.None))
        {
            // A slow caller: the workers would run far ahead if nothing held them back.
            Thread.Sleep(1);
            Interlocked.Increment(ref handedBack);
        }
        Assert.Equal(200, handedBack);
        Assert.InRange(most, 1, 2 * 3 + 1);
    }

    [Fact]
    public void Cancelling_stops_the_pass_with_the_token_and_leaves_no_worker_running()
    {
        using var cancel = new CancellationTokenSource();
        var running = 0;
        var handed = 0;
        var error = Assert.ThrowsAny<OperationCanceledException>(() =>
        {
            foreach (var _ in ParallelBlocks.Map(Enumerable.Range(0, 100_000), 10, 2, block =>
                     {
                         Interlocked.Increment(ref running);
                         var sum = SumSlowly(block);
                         Interlocked.Decrement(ref running);
                         return sum;
                     }, cancel.Token))
            {
                if (++handed == 5)
                    cancel.Cancel();
            }
        });
        Assert.Equal(cancel.Token, error.CancellationToken);
        Assert.Equal(0, Volatile.Read(ref running));
        Assert.InRange(handed, 5, 5 + 4);
    }

    [Fact]
    public void Work_that_observes_the_callers_token_ends_the_pass_with_that_token()
    {
        for (var repeat = 0; repeat < 20; repeat++)
        {
            using var cancel = new CancellationTokenSource();
            var handed = 0;
            var error = Assert.ThrowsAny<OperationCanceledException>(() =>
            {
                foreach (var _ in ParallelBlocks.Map(Enumerable.Range(0, 100_000), 10, 2, block =>
                         {
                             var sum = SumSlowly(block);
                             cancel.Token.ThrowIfCancellationRequested();
                             return sum;
                         }, cancel.Token))
                {
                    if (++handed == 3)
                        cancel.Cancel();
                }
            });
            Assert.Equal(cancel.Token, error.CancellationToken);
        }
    }

    [Fact]
    public void Bad_sizes_are_refused_before_anything_is_read()
    {
        Assert.Throws<ArgumentOutOfRangeException>(() => ParallelBlocks.Map(Enumerable.Range(0, 3), 0, 2, b => b.Length, CancellationToken.None));
        Assert.Throws<ArgumentOutOfRangeException>(() => ParallelBlocks.Map(Enumerable.Range(0, 3), 4, 0, b => b.Length, CancellationToken.None));
    }

    private static void InterlockedMax(ref int target, int value)
    {
        var seen = Volatile.Read(ref target);
        while (value > seen)
        {
            var previous = Interlocked.CompareExchange(ref target, value, seen);
            if (previous == seen)
                return;
            seen = previous;
        }
    }
}

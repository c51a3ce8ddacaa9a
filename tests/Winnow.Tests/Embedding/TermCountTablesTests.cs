using Winnow.Embedding;

namespace Winnow.Tests.Embedding;

public class TermCountTablesTests
{
    [Fact]
    public void The_sum_of_the_workers_tables_is_the_count_of_every_bucket_counted()
    {
        const int bits = 10;
        var random = new Random(5);
        var texts = Enumerable.Range(0, 400).Select(_ => Enumerable.Range(0, random.Next(0, 60)).Select(_ => random.Next(1 << bits)).ToArray()).ToArray();
        var expected = new int[1 << bits];
        foreach (var bucket in texts.SelectMany(t => t))
            expected[bucket]++;
        var tables = new TermCountTables(bits);
        var made = 0;
        Parallel.For(0, texts.Length, new ParallelOptions { MaxDegreeOfParallelism = 3 }, () =>
        {
            Interlocked.Increment(ref made);
            return tables.NewTable();
        }, (t, _, table) =>
        {
            foreach (var bucket in texts[t])
                table.Counts[bucket]++;
            return table;
        }, _ => { });
        Assert.True(made >= 1);
        Assert.Equal(expected, tables.Sum());
        Assert.Equal(new int[1 << bits], new TermCountTables(bits).Sum());
    }
}

namespace Winnow.Embedding;

/// <summary>
/// Document frequencies of term buckets counted on many threads: each worker counts into a table of its own
/// (<see cref="NewTable"/>), and <see cref="Sum"/> adds the tables once all counting is done. Integer sums do not
/// depend on which thread counted what, and no count is an atomic operation on a line the other cores write too.
/// </summary>
internal sealed class TermCountTables(int bits)
{
    private readonly List<Table> _made = [];

    /// <summary>A worker's counts (2^bits integers) and its reusable bucket list.</summary>
    public sealed class Table(int buckets)
    {
        public int[] Counts { get; } = new int[buckets];

        public List<int> Buckets { get; } = [];
    }

    /// <summary>A new table for one worker, counted in <see cref="Sum"/>.</summary>
    public Table NewTable()
    {
        var table = new Table(1 << bits);
        lock (_made)
            _made.Add(table);
        return table;
    }

    /// <summary>Every table's counts added up (call once no worker counts any more).</summary>
    public int[] Sum()
    {
        var sum = new int[1 << bits];
        lock (_made)
        {
            foreach (var table in _made)
                System.Numerics.Tensors.TensorPrimitives.Add(sum, table.Counts, sum);
        }
        return sum;
    }
}

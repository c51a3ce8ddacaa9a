namespace Winnow.Bench.Generation;

/// <summary>
/// Writes a <see cref="GeneratedPool"/>'s rows as Alpaca JSONL, one file per source, with the bytes
/// <see cref="GeneratedPool.WriteJsonlReference"/> writes. Row i depends on (seed, i) alone, so chunks of rows are made
/// in parallel (<see cref="RankedRowGenerator"/>, then the pre-escaped words of <see cref="EscapedVocabulary"/>), each
/// into its own per-source buffers, and the buffers are written in row order.
/// </summary>
internal sealed class GeneratedJsonlWriter(GeneratedPool pool)
{
    private const int ChunkRows = 2048;

    /// <summary>Chunks made per worker between two writes: enough to even out the chunks' costs.</summary>
    private const int ChunksPerWorker = 4;

    public (IReadOnlyList<string> Files, long[] Kinds) Write(long rows, string[] files)
    {
        var vocabularies = pool.Sources.AsParallel().AsOrdered().Select(s => new EscapedVocabulary(s)).ToArray();
        var topics = RankedRowGenerator.Topics(pool);
        var workers = Environment.ProcessorCount;
        var chunks = Enumerable.Range(0, workers * ChunksPerWorker).Select(_ => new Chunk(new RankedRowGenerator(pool, topics), vocabularies)).ToArray();
        var streams = files.Select(f => File.Create(f)).ToArray();
        var kinds = new long[3];
        try
        {
            for (long first = 0; first < rows; first += (long)chunks.Length * ChunkRows)
            {
                var start = first;
                var count = (int)Math.Min(chunks.Length, (rows - first + ChunkRows - 1) / ChunkRows);
                Parallel.For(0, count, new ParallelOptions { MaxDegreeOfParallelism = workers }, c =>
                {
                    var from = start + (long)c * ChunkRows;
                    chunks[c].Fill(from, (int)Math.Min(ChunkRows, rows - from));
                });
                for (var c = 0; c < count; c++)
                {
                    for (var s = 0; s < streams.Length; s++)
                        streams[s].Write(chunks[c].Buffers[s].Written);
                    for (var k = 0; k < kinds.Length; k++)
                        kinds[k] += chunks[c].Kinds[k];
                }
            }
        }
        finally
        {
            foreach (var stream in streams)
                stream.Dispose();
        }
        return (files, kinds);
    }

    /// <summary>One worker's rows [from, from + count): their JSONL lines by source, and the count of each kind.</summary>
    private sealed class Chunk(RankedRowGenerator generator, EscapedVocabulary[] vocabularies)
    {
        private readonly RankedRow _row = new();

        public ByteBuffer[] Buffers { get; } = vocabularies.Select(_ => new ByteBuffer()).ToArray();

        public long[] Kinds { get; } = new long[3];

        public void Fill(long from, int count)
        {
            foreach (var buffer in Buffers)
                buffer.Clear();
            Array.Clear(Kinds);
            for (var i = 0; i < count; i++)
            {
                generator.Generate(from + i, _row);
                Kinds[(int)_row.Kind]++;
                var vocabulary = vocabularies[_row.Source];
                var line = Buffers[_row.Source];
                // The bytes Utf8JsonWriter writes for the three properties, unindented, then the line end.
                line.Append("{\"instruction\":\""u8);
                vocabulary.AppendText(_row.Instruction, line);
                line.Append("\",\"input\":\""u8);
                vocabulary.AppendText(_row.Input, line);
                line.Append("\",\"output\":\""u8);
                vocabulary.AppendText(_row.Output, line);
                line.Append("\"}\n"u8);
            }
        }
    }
}

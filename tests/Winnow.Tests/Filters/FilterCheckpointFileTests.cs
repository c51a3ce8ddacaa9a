using System.Globalization;
using Winnow.Filters;

namespace Winnow.Tests.Filters;

public sealed class FilterCheckpointFileTests
{
    /// <summary>
    /// A step shaped like the default's response-fit step at scale: of 100,000 rows, 2 % set aside by degeneracy, 8 % by
    /// response-fit and 30 % gated, each with the filters' own sentences and a rank rounded to 0.1 %.
    /// </summary>
    private static FilterCheckpoint Large()
    {
        var random = new Random(7);
        var setAside = new List<FilterCheckpoint.Decision>();
        var gated = new List<KeyValuePair<long, string>>();
        for (long row = 0; row < 100_000; row++)
        {
            var draw = random.NextDouble();
            var rank = string.Create(CultureInfo.InvariantCulture, $"{50 + 50 * random.NextDouble():F1}");
            if (draw < 0.02)
                setAside.Add(new(row, "degenerate", string.Create(CultureInfo.InvariantCulture, $"the response loops: {30 + random.Next(500)} words, Deflate ratio {random.NextDouble() / 4:F3} (limit 0.25), {random.Next(100)} % repeated word trigrams (limit 50 %)")));
            else if (draw < 0.10)
                setAside.Add(new(row, "mismatch", $"the response does not fit the instruction: {rank} % of the reference pool responses of similar length fit it better (limit 50 %)"));
            else if (draw < 0.40)
                gated.Add(new(row, $"the response fits the instruction weakly: {rank} % of the reference pool responses of similar length fit it better (selection limit 10 %)"));
        }
        return new FilterCheckpoint(new string('a', 64),
            [
                new FilterCheckpoint.Step("degeneracy", 100_000, setAside.Count(d => d.Code == "degenerate"), 1.25, null),
                new FilterCheckpoint.Step("response-fit", 98_000, setAside.Count(d => d.Code == "mismatch"), 123.456789, gated),
            ],
            setAside);
    }

    private static byte[] Bytes(FilterCheckpoint checkpoint)
    {
        var stream = new MemoryStream();
        FilterCheckpointFile.Write(stream, checkpoint);
        return stream.ToArray();
    }

    [Fact]
    public void A_checkpoint_reads_back_as_written_at_a_few_bytes_a_decided_row()
    {
        var checkpoint = Large();
        var bytes = Bytes(checkpoint);
        var read = FilterCheckpointFile.Read(bytes);

        Assert.Equal(checkpoint.Key, read.Key);
        Assert.Equal(checkpoint.SetAside, read.SetAside);
        Assert.Equal(checkpoint.Steps.Select(s => (s.Name, s.RowsIn, s.SetAside, s.Seconds)), read.Steps.Select(s => (s.Name, s.RowsIn, s.SetAside, s.Seconds)));
        Assert.Null(read.Steps[0].Unselectable);
        Assert.Equal(checkpoint.Steps[1].Unselectable, read.Steps[1].Unselectable);
        // About 40,000 decided rows whose details alone are ≈ 130 bytes each: stored in under 3 bytes a row (2.6 when measured).
        var decided = checkpoint.SetAside.Count + checkpoint.Steps[1].Unselectable!.Count;
        Assert.InRange((double)bytes.Length / decided, 0.5, 3.0);
    }

    [Fact]
    public void Rows_are_stored_in_index_order_whatever_order_they_were_given_in()
    {
        var checkpoint = new FilterCheckpoint("k", [new FilterCheckpoint.Step("f", 10, 2, 0, [new(9, "b"), new(3, "a")])], [new(7, "c", "seven"), new(2, "c", "two")]);
        var read = FilterCheckpointFile.Read(Bytes(checkpoint));
        Assert.Equal([new(2, "c", "two"), new FilterCheckpoint.Decision(7, "c", "seven")], read.SetAside);
        Assert.Equal([new(3, "a"), new KeyValuePair<long, string>(9, "b")], read.Steps[0].Unselectable!);
    }

    [Theory]
    [InlineData(0)]
    [InlineData(20)]
    [InlineData(-1)]
    [InlineData(-40)]
    public void Any_damage_is_an_error_never_a_partial_checkpoint(int at)
    {
        var bytes = Bytes(Large());
        var cut = bytes[..(at < 0 ? bytes.Length + at : at)];
        Assert.Throws<InvalidDataException>(() => FilterCheckpointFile.Read(cut));
        var changed = (byte[])bytes.Clone();
        changed[at < 0 ? bytes.Length + at : at] ^= 1;
        Assert.Throws<InvalidDataException>(() => FilterCheckpointFile.Read(changed));
    }
}

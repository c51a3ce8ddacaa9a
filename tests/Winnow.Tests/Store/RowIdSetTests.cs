using Winnow.Store;

namespace Winnow.Tests.Store;

public sealed class RowIdSetTests
{
    [Fact]
    public void UsualIdsAreKeptAsNumbersAndEveryOtherIdAsItsString()
    {
        var set = new RowIdSet();
        Assert.True(set.Add("12-00ff00ff00ff00ff"));
        Assert.False(set.Add("12-00ff00ff00ff00ff"));
        Assert.True(set.Add("0-0000000000000000"));
        // Not the usual form: leading zero, upper-case hex, short hash, no index. Each is its own id.
        Assert.True(set.Add("012-00ff00ff00ff00ff"));
        Assert.True(set.Add("12-00FF00FF00FF00FF"));
        Assert.True(set.Add("12-00ff"));
        Assert.True(set.Add("-00ff00ff00ff00ff"));
        Assert.Equal(6, set.Count);
        Assert.True(set.Contains("12-00FF00FF00FF00FF"));
        Assert.False(set.Contains("13-00ff00ff00ff00ff"));
        Assert.False(set.Contains("12-00ff00ff00ff00fe"));
    }

    [Fact]
    public void A_row_added_by_its_numbers_is_its_id_and_the_reverse()
    {
        var row = new Winnow.Data.Sample(41, [], "Say hi", "", "Hi");
        var other = new Winnow.Data.Sample(42, [], "Say hi", "", "Hi");
        var set = new RowIdSet();
        Assert.True(set.Add(row));
        Assert.False(set.Add(row.Id));
        Assert.True(set.Contains(row.Id));
        Assert.False(set.Contains(other));
        Assert.True(set.Add(other.Id));
        Assert.True(set.Contains(other));
        Assert.Equal(2, set.Count);
    }

    [Theory]
    [InlineData("7-0123456789abcdef", true, 7L, 0x0123456789abcdefUL)]
    [InlineData("9223372036854775807-ffffffffffffffff", true, long.MaxValue, ulong.MaxValue)]
    [InlineData("9223372036854775808-ffffffffffffffff", false, 0L, 0UL)]
    [InlineData("7-0123456789abcdeg", false, 0L, 0UL)]
    [InlineData("x-0123456789abcdef", false, 0L, 0UL)]
    public void ParsesOnlyTheFormSampleIdWrites(string id, bool parsed, long index, ulong hash)
    {
        Assert.Equal(parsed, RowIdSet.TryParse(id, out var key));
        Assert.Equal((index, hash), key);
    }
}

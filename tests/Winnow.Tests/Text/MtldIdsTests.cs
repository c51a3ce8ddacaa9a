using Winnow.Text;

namespace Winnow.Tests.Text;

public sealed class MtldIdsTests
{
    [Theory]
    [InlineData("a")]
    [InlineData("a b c d e f g h i j")]
    [InlineData("a a a a a a a a a a a a")]
    [InlineData("the cat sat on the mat and the dog sat on the log while the cat ran")]
    [InlineData("one two three one two three four five six four five six seven seven seven eight")]
    public void Ids_give_the_value_of_the_string_tokens_exactly(string text)
    {
        var tokens = text.Split(' ');
        var ids = new Dictionary<string, int>(StringComparer.Ordinal);
        var sequence = tokens.Select(t => ids.TryGetValue(t, out var id) ? id : ids[t] = ids.Count).ToArray();
        Assert.Equal(BitConverter.DoubleToInt64Bits(Mtld.Compute(tokens)), BitConverter.DoubleToInt64Bits(Mtld.Compute(sequence, ids.Count)));
    }
}

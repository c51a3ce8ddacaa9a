using Winnow.Text;

namespace Winnow.Tests.Text;

public class EditDistanceTests
{
    /// <summary>Hand-counted: kitten → sitting is 3 (two substitutions, one insertion); flaw → lawn is 2.</summary>
    [Theory]
    [InlineData("kitten", "sitting", 3)]
    [InlineData("flaw", "lawn", 2)]
    [InlineData("", "abc", 3)]
    [InlineData("same", "same", 0)]
    [InlineData("The directory is: shell('pwd').", "The directory is:('pwd').", 6)]
    public void CountsInsertionsDeletionsAndSubstitutions(string a, string b, int expected)
    {
        Assert.Equal(expected, EditDistance.Reference(a, b));
        Assert.Equal(expected, EditDistance.Bounded(a, b, 10));
        Assert.Equal(expected, EditDistance.Bounded(b, a, expected));
    }

    [Fact]
    public void AnswersMaxPlusOneBeyondTheBound()
    {
        Assert.Equal(3, EditDistance.Bounded("kitten", "sitting", 2));
        Assert.Equal(1, EditDistance.Bounded("ab", "ba", 0));
        Assert.Equal(5, EditDistance.Bounded("short", "a much longer string", 4));
    }

    /// <summary>
    /// Random pairs over a three-letter alphabet (so that matches and mismatches mix), one a random edit of the other or
    /// unrelated: the banded programme equals the full one wherever the distance is within the bound, and says
    /// "beyond" exactly when it is not.
    /// </summary>
    [Fact]
    public void EqualsTheFullProgrammeWithinTheBound()
    {
        var random = new Random(7);
        string RandomText(int length) => new([.. Enumerable.Range(0, length).Select(_ => "abc"[random.Next(3)])]);
        for (var trial = 0; trial < 2000; trial++)
        {
            var a = RandomText(random.Next(0, 40));
            var b = random.Next(2) == 0 ? RandomText(random.Next(0, 40)) : Edit(a, random.Next(0, 8), random);
            var max = random.Next(0, 12);
            var exact = EditDistance.Reference(a, b);
            Assert.Equal(exact <= max ? exact : max + 1, EditDistance.Bounded(a, b, max));
        }
    }

    private static string Edit(string text, int edits, Random random)
    {
        var chars = text.ToList();
        for (var e = 0; e < edits; e++)
        {
            var at = random.Next(chars.Count + 1);
            switch (random.Next(3))
            {
                case 0:
                    chars.Insert(at, "abc"[random.Next(3)]);
                    break;
                case 1 when at < chars.Count:
                    chars.RemoveAt(at);
                    break;
                default:
                    if (at < chars.Count)
                        chars[at] = "abc"[random.Next(3)];
                    break;
            }
        }
        return new string([.. chars]);
    }
}

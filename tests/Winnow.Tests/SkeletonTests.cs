using Winnow.Data;

namespace Winnow.Tests;

public class SampleTests
{
    [Fact]
    public void IdCombinesIndexAndStableContentHash()
    {
        var turns = new[] { new Turn(Role.User, "Say hi"), new Turn(Role.Assistant, "Hi") };
        var a = new Sample(3, turns, "Say hi", "", "Hi");
        var b = new Sample(3, turns, "Say hi", "", "Hi");
        var c = new Sample(3, turns, "Say hi", "", "Hello");
        Assert.Equal(a.Id, b.Id);
        Assert.NotEqual(a.Id, c.Id);
        Assert.Matches("^3-[0-9a-f]{16}$", a.Id);
    }
}

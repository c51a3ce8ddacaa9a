using Winnow.Cli;

namespace Winnow.Tests.Cli;

public sealed class HumanNumberTests
{
    [Theory]
    [InlineData(10000.0, "10,000")]
    [InlineData(1234567.8, "1,234,568")]
    [InlineData(219.23456, "219.23")]
    [InlineData(0.76512345, "0.7651")]
    [InlineData(0.0, "0")]
    [InlineData(-3.5, "-3.5")]
    [InlineData(0.00001234, "1.234E-5")]
    [InlineData(double.NaN, "n/a")]
    public void FormatsAsPeopleWrite(double value, string expected) => Assert.Equal(expected, HumanNumber.Format(value));
}

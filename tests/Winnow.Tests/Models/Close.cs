namespace Winnow.Tests.Models;

/// <summary>Tolerance assertions that report the largest absolute difference and where it occurred.</summary>
internal static class Close
{
    public static void Assert(ReadOnlySpan<float> expected, ReadOnlySpan<float> actual, double tolerance, string what)
    {
        Xunit.Assert.True(expected.Length == actual.Length, $"{what}: length {actual.Length}, expected {expected.Length}");
        if (expected.IsEmpty)
            return;
        var (max, at) = MaxAbsDiff(expected, actual);
        Xunit.Assert.True(max <= tolerance,
            $"{what}: max abs diff {max:G4} at index {at} (expected {expected[at]:G9}, got {actual[at]:G9}) exceeds {tolerance:G2}");
    }

    public static void Assert(double expected, double actual, double tolerance, string what) =>
        Xunit.Assert.True(Math.Abs(expected - actual) <= tolerance,
            $"{what}: abs diff {Math.Abs(expected - actual):G4} (expected {expected:G9}, got {actual:G9}) exceeds {tolerance:G2}");

    public static (double Max, int At) MaxAbsDiff(ReadOnlySpan<float> expected, ReadOnlySpan<float> actual)
    {
        double max = 0;
        var at = 0;
        for (var i = 0; i < expected.Length; i++)
        {
            var diff = Math.Abs((double)expected[i] - actual[i]);
            if (double.IsNaN(diff) || diff > max)
            {
                max = double.IsNaN(diff) ? double.PositiveInfinity : diff;
                at = i;
            }
        }
        return (max, at);
    }
}

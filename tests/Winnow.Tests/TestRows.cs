using Winnow.Data;
using Winnow.Scoring;

namespace Winnow.Tests;

/// <summary>Small hand-made rows and a trivial scorer for pipeline and store tests.</summary>
public static class TestRows
{
    public static Sample Alpaca(long index, string instruction, string output, string input = "") =>
        new(index, [new Turn(Role.User, input.Length == 0 ? instruction : instruction + "\n\n" + input), new Turn(Role.Assistant, output)], instruction, input, output);

    public static List<Sample> Pool(int count) =>
        Enumerable.Range(0, count).Select(i => Alpaca(i, $"Task number {i}", new string('x', i % 7) + $" answer {i}")).ToList();

    /// <summary>Scores the response length; fails rows whose response contains "boom".</summary>
    public sealed class LengthScorer(string variant = "default") : IScorer
    {
        public string Name => "test-length";

        public string Variant => variant;

        public IReadOnlyList<string> Fields { get; } = ["chars", "half"];

        public IReadOnlyDictionary<string, string> Settings { get; } = new Dictionary<string, string> { ["unit"] = "chars" };

        public int Calls { get; private set; }

        public IReadOnlyList<ScoreResult> Score(IReadOnlyList<Sample> batch, CancellationToken cancellationToken)
        {
            Calls++;
            return batch.Select(s => s.Response.Contains("boom") ? ScoreResult.Fail("exploded") : ScoreResult.Ok(s.Response.Length, s.Response.Length / 2.0)).ToArray();
        }
    }
}

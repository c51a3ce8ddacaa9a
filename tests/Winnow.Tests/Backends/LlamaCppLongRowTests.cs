using Winnow.Backends;
using Winnow.Backends.LlamaCpp;
using Winnow.Scoring;
using Winnow.Scoring.Neural;
using Winnow.Tests.Models;

namespace Winnow.Tests.Backends;

/// <summary>
/// The long-row rule: both backends take the model's positions as their limit (llama-tiny: 512) and score every row up
/// to it whole; the scorers truncate at max_length as the methods do (Cherry's tokenizer truncation) and fail a row that
/// still exceeds the positions. llama.cpp's context starts small and grows to the longest row, and a row longer than
/// one decode call is decoded in chunks over its kept KV cells, so a row longer than the context it met gives the
/// managed engine's numbers.
/// </summary>
public class LlamaCppLongRowTests(GgufFixtures files) : IClassFixture<GgufFixtures>
{
    [SharedFact]
    public void RowsLongerThanTheContextGrowItAndScoreAsOnTheManagedEngine()
    {
        using var managed = ModelBackends.Open(BackendOptions.Parse("test", Parameters.For<IfdScorer>(new Dictionary<string, string>
        {
            ["model"] = TestPaths.Fixture("llama-tiny"),
        })));
        using var backend = LlamaCppBackendTests.Open(files.Path("llama-tiny", "f32"), "exact");
        var llama = Assert.IsType<LlamaCppBackend>(backend);
        Assert.Equal(managed.MaxContext, llama.MaxContext);
        Assert.Equal(512, llama.MaxContext);

        var random = new Random(11);
        int[] Row(int length) => Enumerable.Range(0, length).Select(_ => random.Next(3, llama.VocabSize)).ToArray();
        var shortRows = new[] { Row(20), Row(90) };
        Compare(managed, llama, shortRows);
        Assert.Equal(256, llama.SequenceCells);

        // 300 + 450 + 512 tokens: longer than the 256 cells the context had; the group spans several decode calls.
        var longRows = new[] { Row(300), Row(450), Row(512) };
        Compare(managed, llama, longRows);
        Assert.Equal(512, llama.SequenceCells);

        var tooLong = Assert.Throws<ArgumentException>(() => llama.TokenLogProbs([Row(513)], [(1, 513)]));
        Assert.Contains("more than the model's 512 positions", tooLong.Message);
    }

    [SharedFact]
    public void LongTextsGetTheSameScoresThroughBothBackends()
    {
        // ~80, ~400 and ~900 tokens with llama-tiny's tokenizer; perplexity truncates the last at the 512 positions.
        var rows = new[] { 12, 60, 140 }.Select((words, i) => TestRows.Alpaca(i, "Summarise the story.",
            string.Join(' ', Enumerable.Range(0, words).Select(w => $"word{w % 37} and{w % 5}")))).ToList();
        foreach (var (scorer, extra) in new[]
        {
            ("perplexity", new Dictionary<string, string> { ["span"] = "text" }),
            ("ifd", new Dictionary<string, string> { ["max_length"] = "512" }),
        })
        {
            var managed = Create(scorer, new Dictionary<string, string>(extra) { ["model"] = TestPaths.Fixture("llama-tiny") }).Score(rows, CancellationToken.None);
            var gguf = Create(scorer, new Dictionary<string, string>(extra)
            {
                ["model"] = files.Path("llama-tiny", "f32"),
                ["backend"] = "llama.cpp",
                ["precision"] = "exact",
                ["tokenizer"] = TestPaths.Fixture("llama-tiny"),
            }).Score(rows, CancellationToken.None);
            for (var r = 0; r < rows.Count; r++)
            {
                Assert.Equal(managed[r].IsOk, gguf[r].IsOk);
                Assert.Equal(managed[r].Error, gguf[r].Error);
                if (!managed[r].IsOk)
                    continue;
                for (var f = 0; f < managed[r].Values!.Length; f++)
                    Close.Assert(managed[r].Values![f], gguf[r].Values![f], 1e-4 * Math.Max(1, Math.Abs(managed[r].Values![f])), $"{scorer} row {r} field {f}");
            }
        }
    }

    private static void Compare(IModelBackend managed, IModelBackend llama, int[][] rows)
    {
        var scored = rows.Select(r => (1, r.Length)).ToArray();
        var expected = managed.TokenLogProbs(rows, scored);
        var actual = llama.TokenLogProbs(rows, scored);
        for (var r = 0; r < rows.Length; r++)
            Close.Assert(expected[r], actual[r], 1e-4, $"row {r} ({rows[r].Length} tokens)");
    }

    private static IScorer Create(string name, Dictionary<string, string> values) =>
        Winnow.Pipeline.Catalog.Scorers.Create(name, new Parameters(values, name));
}

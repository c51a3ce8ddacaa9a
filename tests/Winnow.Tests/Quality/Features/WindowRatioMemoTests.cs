using Winnow.Quality.Features;

namespace Winnow.Tests.Quality.Features;

/// <summary>
/// The character LMs' memo of window ratios: a remembered window must give the bits that probing it gives, across
/// rows, after a run of remembered positions (whose skipped probes the next probed position makes up for), and when
/// one thread alternates between two models, and when many threads share one model.
/// </summary>
public sealed class WindowRatioMemoTests
{
    private static readonly (string, string)[] Pairs =
    [
        ("Here is the answer: the best way is to practise daily.", "no idea"),
        ("The answer is that practice makes the work easier.", "maybe the answer, maybe not"),
        ("First, read the question. Then answer the question.", "answer: no"),
    ];

    private static void AssertSameBits(double[] expected, double[] actual, string text)
    {
        for (var i = 0; i < expected.Length; i++)
            Assert.True(BitConverter.DoubleToInt64Bits(expected[i]) == BitConverter.DoubleToInt64Bits(actual[i]),
                $"'{text}': value {i} is {actual[i]:R}, the reference gives {expected[i]:R}");
    }

    /// <summary>Texts whose windows recur within and across them, with new bytes right after recurring ones.</summary>
    private static readonly string[] Texts =
    [
        "the answer is the answer", "the answer is the question", "Then answer the practice, then read.",
        "the answer is the answer", "zzz the best way qqq the best wax", "", "the",
    ];

    [Fact]
    public void Remembered_windows_give_the_reference_features_exactly()
    {
        var models = CharLanguageModels.Fit(Pairs, 5);
        var reference = new CharLanguageModelsReference(models);
        foreach (var text in Texts.Concat(Texts))
            AssertSameBits(reference.Features(text), models.Features(text), text);
    }

    [Fact]
    public void Two_models_alternating_on_one_thread_each_give_their_reference_features()
    {
        var first = CharLanguageModels.Fit(Pairs, 5);
        var second = CharLanguageModels.Fit(Pairs.Select(p => (p.Item2, p.Item1)), 3);
        var firstReference = new CharLanguageModelsReference(first);
        var secondReference = new CharLanguageModelsReference(second);
        foreach (var text in Texts)
        {
            AssertSameBits(firstReference.Features(text), first.Features(text), text);
            AssertSameBits(secondReference.Features(text), second.Features(text), text);
        }
    }

    [Fact]
    public void Callers_on_many_threads_each_get_the_reference_features()
    {
        // Each call borrows one of the table's memos; memos warmed by other threads' texts must change nothing.
        var models = CharLanguageModels.Fit(Pairs, 5);
        var reference = new CharLanguageModelsReference(models);
        var texts = Enumerable.Range(0, 400).Select(i => Texts[i % Texts.Length] + new string('x', i % 7)).ToArray();
        var actual = new double[texts.Length][];
        Parallel.For(0, texts.Length, new ParallelOptions { MaxDegreeOfParallelism = 4 }, i => actual[i] = models.Features(texts[i]));
        for (var i = 0; i < texts.Length; i++)
            AssertSameBits(reference.Features(texts[i]), actual[i], texts[i]);
    }
}

using Winnow.Data;
using Winnow.Quality.Features;
using Winnow.Quality.Pairs;
using Winnow.Quality.Training;
using Winnow.Text;

namespace Winnow.Tests.Quality.Features;

/// <summary>
/// The fast featuriser (shared tokenisation, flattened character LMs) against its reference twins: every feature
/// value and every quality score must be the same double, bit for bit.
/// </summary>
public sealed class FastFeaturesMatchReferenceTests
{
    private static readonly QualityModel BuiltIn = QualityModel.LoadBuiltIn();
    private static readonly CharLanguageModelsReference BuiltInReference = new(BuiltIn.CharModels!);

    /// <summary>Texts chosen for the edges of each group: empty, blank, unicode casing and surrogates, code, lists, paragraphs, loops, refusals.</summary>
    public static readonly string[] Varied =
    [
        "", " ", "\n", "\n\n\n", "\r\n\r\n", "a", "I", "...", "___", "x_y 3.5 -- 12)", "İstanbul KELVIN \u212A ß ΣΑΣ ǅ ﬁ",
        "emoji 😀😀 and a lone \ud800 surrogate \udc00 here", "e\u0301te\u0301 na\u0308ive \u200d\u200c joined", "数学は楽しい。答えは４２です。 ٣٤٥",
        "```python\ndef f(x):\n    return x ** 2  # square\n```\nUse `f` or `g`.", "# Heading\n\n## Sub\nIntro:\n- one\n- two\n* three\n• four\n1. first\n12) second\n1234. not a list",
        "Para one.\n\nPara two!\r\n\r\nPara three?\n\n\n\nEnd", "\n\r\n\r\n\n\nx\r\n\r\n\r\n", "I'm sorry, but as an AI language model I cannot do that. However, note that it depends on my settings; I APOLOGIZE.",
        "OPENAI said September 2021. It Is Important to keep in mind.", "word-well-known—dash–en 1st 2nd 3rd co-op",
        string.Concat(Enumerable.Repeat("the best way to learn is to practice. ", 60)), string.Concat(Enumerable.Repeat("same line\n", 30)) + "other line",
        "  trailing spaces and tabs\t\t\n\t- indented item\n   3. indented number\n", "\"Quoted ending.\"", "(parenthetical)", "Ends with colon:",
        string.Join(' ', Enumerable.Range(0, 500).Select(i => $"w{i % 37}")), "la la la la", "Hello big world!",
    ];

    private static void AssertSame(double[] expected, double[] actual, string what)
    {
        Assert.Equal(expected.Length, actual.Length);
        for (var i = 0; i < expected.Length; i++)
        {
            if (BitConverter.DoubleToInt64Bits(expected[i]) != BitConverter.DoubleToInt64Bits(actual[i]))
                Assert.Fail($"{what}: value {i} is {actual[i]:R}, the reference gives {expected[i]:R}");
        }
    }

    private static void AssertRowMatches(string prompt, string response, CharLanguageModels charModels, CharLanguageModelsReference reference)
    {
        var what = $"prompt '{Short(prompt)}', response '{Short(response)}'";
        foreach (var group in TextFeatures.Names.Keys)
            AssertSame(TextFeaturesReference.Compute(group, prompt, response), TextFeatures.Compute(group, prompt, response), $"{group} of {what}");
        foreach (var size in new[] { 7, 4096 })
        {
            var expected = new double[size];
            var actual = new double[size];
            HashedWordFeaturesReference.Add(response, expected);
            HashedWordFeatures.Add(response, actual);
            AssertSame(expected, actual, $"hashed[{size}] of {what}");
        }
        Assert.Equal(TextFeaturesReference.Words(response), TextFeatures.Words(response));
        AssertSame(TextFeaturesReference.Repetition(response), TextFeatures.Repetition(response), $"repetition of {what}");
        Assert.Equal(TextFeaturesReference.CompressionRatio(response), TextFeatures.CompressionRatio(response));
        AssertSame(reference.Features(response), charModels.Features(response), $"charlm of {what}");
    }

    private static string Short(string text) => text.Length <= 40 ? text : text[..40] + "…";

    [Fact]
    public void Varied_texts_give_the_reference_features_exactly()
    {
        foreach (var response in Varied)
        {
            foreach (var prompt in new[] { "", "Name the best way to learn; say it in a word.", response, "İ " + response + " and more words here" })
                AssertRowMatches(prompt, response, BuiltIn.CharModels!, BuiltInReference);
        }
    }

    [Fact]
    public void A_small_character_lm_with_unseen_contexts_scores_as_its_reference()
    {
        // Order 4 on a few short pairs: most contexts of the varied texts were never seen, and the discounts fall back.
        var pairs = Enumerable.Range(0, 8).Select(i => ($"Here is answer {i}: yes.", $"no {i}")).ToList();
        var models = CharLanguageModels.Fit(pairs, 4);
        var reference = new CharLanguageModelsReference(models);
        foreach (var text in Varied.Concat(pairs.SelectMany(p => new[] { p.Item1, p.Item2 })))
            AssertSame(reference.Features(text), models.Features(text), $"charlm of '{Short(text)}'");
        var empty = CharLanguageModels.Fit([], 3);
        AssertSame(new CharLanguageModelsReference(empty).Features("abc"), empty.Features("abc"), "charlm of an empty model");
    }

    [SharedFact]
    public void Ape_and_shared_data_rows_give_the_reference_features_and_scores_exactly()
    {
        var ape = PairFile.Read(TestPaths.Data("APE_valid.csv")).Pairs.Take(60)
            .SelectMany(p => new[] { (p.Instruction, p.Preferred), (p.Instruction + "\n\n" + p.Input, p.Other) });
        var rows = ape.Concat(SharedRows(100)).ToList();
        foreach (var (prompt, response) in rows)
            AssertRowMatches(prompt, response, BuiltIn.CharModels!, BuiltInReference);
        var scores = BuiltIn.Scores(rows, CancellationToken.None);
        for (var i = 0; i < rows.Count; i++)
        {
            var expected = BuiltIn.Ranker.Score(FeatureSpecReference.Vector(BuiltIn.Spec, rows[i].Item1, rows[i].Item2, BuiltInReference.Features(rows[i].Item2)));
            Assert.Equal(BitConverter.DoubleToInt64Bits(expected), BitConverter.DoubleToInt64Bits(scores[i]));
        }
    }

    /// <summary>The first rows of each of the four Alpaca-format files, as the quality stage reads them.</summary>
    private static IEnumerable<(string, string)> SharedRows(int perFile) =>
        new[] { "alpaca_cherry_5pct.json", "gpteacher_roleplay.json", "gpteacher_toolformer.json", "gsm8k_train.json" }
            .SelectMany(f => DatasetReader.Read(TestPaths.Data(f)).Select(o => o.Sample).OfType<Sample>().Take(perFile))
            .Select(s => (s.Prompt, s.Response));
}

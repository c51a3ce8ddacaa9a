using System.Text.Json;
using Winnow.Models;

namespace Winnow.Tests.Models;

/// <summary>
/// Parity of the encoder fixtures with transformers (float32): hidden states, CLS, mean pooling (plain and
/// L2-normalised), pooler, the right-padded batch, and the XLM-R regression head — reference and fast kernels.
/// </summary>
public class EncoderFixtureTests
{
    private const double Tolerance = 1e-4;
    private const double EmbeddingTolerance = 1e-5;

    public static TheoryData<string, bool> Models() => new()
    {
        { "bert-tiny", false }, { "bert-tiny", true }, { "xlmr-tiny", false }, { "xlmr-tiny", true },
    };

    [SharedTheory]
    [MemberData(nameof(Models))]
    public void SingleSequenceCasesMatchTransformers(string model, bool reference)
    {
        var encoder = Encoder.Load(TestPaths.Fixture(model), Options(reference));
        var cases = FixtureJson.Load(model).GetProperty("cases").EnumerateArray().ToArray();
        var rows = cases.Select(c => c.GetProperty("ids").Ints()).ToArray();
        var name = $"{model} {(reference ? "reference" : "fast")}";
        var hidden = encoder.LastHiddenStates(rows);
        var cls = encoder.ClsStates(rows);
        var mean = encoder.MeanPooled(rows);
        var normalized = encoder.MeanPooled(rows, normalize: true);
        var pooled = encoder.Pooled(rows);
        for (var r = 0; r < rows.Length; r++)
        {
            var c = cases[r];
            var where = $"{name} case {c.GetProperty("name").GetString()}";
            CheckFirst8(c.GetProperty("last_hidden_state_first8"), hidden[r], encoder.HiddenSize, where);
            Close.Assert(c.GetProperty("cls_hidden_state").Floats(), cls[r], Tolerance, where + " cls_hidden_state");
            Close.Assert(c.GetProperty("mean_pooled").Floats(), mean[r], Tolerance, where + " mean_pooled");
            Close.Assert(c.GetProperty("mean_pooled_normalized").Floats(), normalized[r], EmbeddingTolerance, where + " mean_pooled_normalized");
            Close.Assert(c.GetProperty("pooler_output").Floats(), pooled[r], Tolerance, where + " pooler_output");
            if (c.TryGetProperty("last_hidden_state_full", out var full))
                Close.Assert(full.FloatRows().SelectMany(x => x).ToArray(), hidden[r], Tolerance, where + " last_hidden_state_full");
        }
    }

    [SharedTheory]
    [MemberData(nameof(Models))]
    public void RightPaddedBatchMatchesTransformers(string model, bool reference)
    {
        var encoder = Encoder.Load(TestPaths.Fixture(model), Options(reference));
        var batched = FixtureJson.Load(model).GetProperty("batched");
        var rows = FixtureJson.UnpaddedRows(batched);
        var results = batched.GetProperty("results").EnumerateArray().ToArray();
        var hidden = encoder.LastHiddenStates(rows);
        var mean = encoder.MeanPooled(rows);
        var normalized = encoder.MeanPooled(rows, normalize: true);
        for (var r = 0; r < rows.Length; r++)
        {
            var where = $"{model} {(reference ? "reference" : "fast")} batched row {r}";
            CheckFirst8(results[r].GetProperty("last_hidden_state_first8"), hidden[r], encoder.HiddenSize, where);
            Close.Assert(results[r].GetProperty("mean_pooled").Floats(), mean[r], Tolerance, where + " mean_pooled");
            Close.Assert(results[r].GetProperty("mean_pooled_normalized").Floats(), normalized[r], EmbeddingTolerance, where + " mean_pooled_normalized");
        }
    }

    [SharedFact]
    public void AllHiddenStatesEndWithTheLastAndStartWithTheEmbeddings()
    {
        var encoder = Encoder.Load(TestPaths.Fixture("bert-tiny"));
        var ids = FixtureJson.Load("bert-tiny").GetProperty("cases")[1].GetProperty("ids").Ints();
        var all = encoder.AllHiddenStates([ids])[0];
        Assert.Equal(encoder.LayerCount + 1, all.Length);
        Close.Assert(encoder.LastHiddenStates([ids])[0], all[^1], 0, "last entry of AllHiddenStates");
    }

    [SharedTheory]
    [InlineData(false)]
    [InlineData(true)]
    public void XlmrRegressionHeadMatchesTransformers(bool reference)
    {
        var classifier = SequenceClassifier.Load(TestPaths.Fixture("xlmr-tiny-regression"), Options(reference));
        Assert.Equal(1, classifier.Labels);
        var expected = FixtureJson.Load("xlmr-tiny-regression");
        var cases = expected.GetProperty("cases").EnumerateArray().ToArray();
        var scores = classifier.Scores(cases.Select(c => c.GetProperty("ids").Ints()).ToArray());
        Close.Assert(cases.Select(c => (float)c.GetProperty("score").GetDouble()).ToArray(), scores, Tolerance, "regression score");
        var batched = expected.GetProperty("batched");
        var batchScores = classifier.Scores(FixtureJson.UnpaddedRows(batched));
        Close.Assert(batched.GetProperty("scores").Floats(), batchScores, Tolerance, "batched regression score");
    }

    private static ModelOptions Options(bool reference) => new() { UseReferenceKernels = reference, Threads = 2 };

    private static void CheckFirst8(JsonElement expected, float[] hidden, int width, string where)
    {
        var rows = expected.FloatRows();
        Assert.Equal(rows.Length * width, hidden.Length);
        for (var t = 0; t < rows.Length; t++)
            Close.Assert(rows[t], hidden.AsSpan(t * width, 8), Tolerance, $"{where} last_hidden_state_first8[{t}]");
    }
}

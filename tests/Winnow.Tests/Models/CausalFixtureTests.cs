using System.Text.Json;
using Winnow.Models;

namespace Winnow.Tests.Models;

/// <summary>
/// Parity of every causal-LM fixture with transformers (float32): logits, top-5, logsumexp, per-token NLL and mean
/// loss for each case, and the right-padded batch, on both the reference and the fast kernels.
/// </summary>
public class CausalFixtureTests
{
    private const double Tolerance = 1e-4;
    private const int ReferenceMaxTokens = 20;

    public static TheoryData<string, bool> Models()
    {
        var data = new TheoryData<string, bool>();
        foreach (var model in new[] { "gpt2-tiny", "llama-tiny", "qwen2-tiny", "stories260K", "stories260K-f16", "stories260K-bf16" })
        {
            data.Add(model, false);
            data.Add(model, true);
        }
        return data;
    }

    /// <summary>The single-sequence cases, run together as one packed batch. The reference path (slow by design) takes the
    /// cases of up to <see cref="ReferenceMaxTokens"/> tokens; the fast path takes all of them.</summary>
    [SharedTheory]
    [MemberData(nameof(Models))]
    public void SingleSequenceCasesMatchTransformers(string model, bool reference)
    {
        var lm = Load(model, reference);
        var cases = FixtureJson.Load(model).GetProperty("cases").EnumerateArray()
            .Where(c => !reference || c.GetProperty("ids").GetArrayLength() <= ReferenceMaxTokens).ToArray();
        Assert.NotEmpty(cases);
        var rows = cases.Select(c => c.GetProperty("ids").Ints()).ToArray();
        var logProbs = CheckRows(lm, rows, cases, $"{model} {(reference ? "reference" : "fast")} cases");
        for (var i = 0; i < cases.Length; i++)
        {
            if (cases[i].GetProperty("mean_loss").ValueKind == JsonValueKind.Number)
                Close.Assert(cases[i].GetProperty("mean_loss").GetDouble(), -logProbs[i].Average(), Tolerance, $"{model} case {i} mean_loss");
        }
    }

    [SharedTheory]
    [MemberData(nameof(Models))]
    public void RightPaddedBatchMatchesTransformers(string model, bool reference)
    {
        var lm = Load(model, reference);
        var batched = FixtureJson.Load(model).GetProperty("batched");
        var rows = FixtureJson.UnpaddedRows(batched);
        var results = batched.GetProperty("results").EnumerateArray().ToArray();
        CheckRows(lm, rows, results, $"{model} {(reference ? "reference" : "fast")} batched");
    }

    [SharedFact]
    public void Stories260KGreedyContinuationIsTheArgmaxAtEveryPosition()
    {
        var lm = CausalLM.Load(TestPaths.Fixture("stories260K"));
        var ids = FixtureJson.Load("stories260K").GetProperty("cases").EnumerateArray()
            .First(c => c.GetProperty("name").GetString() == "greedy_from_bos").GetProperty("ids").Ints();
        var reference = File.ReadAllText(TestPaths.Fixture("stories260K", "reference_greedy_ids_from_bos.txt"))
            .Split((char[])[' ', '\n'], StringSplitOptions.RemoveEmptyEntries).Select(int.Parse).ToArray();
        Assert.Equal(reference, ids[1..]);
        var logits = lm.Logits([ids], [Enumerable.Range(0, ids.Length - 1).ToArray()])[0];
        for (var t = 0; t < ids.Length - 1; t++)
        {
            var row = logits.AsSpan(t * lm.VocabSize, lm.VocabSize);
            Assert.True(System.Numerics.Tensors.TensorPrimitives.IndexOfMax(row) == ids[t + 1], $"greedy step {t}: argmax is not {ids[t + 1]}");
        }
    }

    internal static ICausalLanguageModel Load(string model, bool reference) =>
        CausalLM.Load(TestPaths.Fixture(model), new ModelOptions { UseReferenceKernels = reference, Threads = 2 });

    /// <summary>Runs the batch once per output kind and checks every row against its expected block.</summary>
    private static float[][] CheckRows(ICausalLanguageModel lm, int[][] batch, JsonElement[] expected, string name)
    {
        var vocab = lm.VocabSize;
        var all = batch.Select(r => Enumerable.Range(0, r.Length).ToArray()).ToArray();
        var logits = lm.Logits(batch, all);
        var logSoftmax = lm.LogSoftmax(batch, all);
        var logProbs = lm.TokenLogProbs(batch, batch.Select(r => (1, Math.Max(1, r.Length))).ToArray());
        for (var row = 0; row < batch.Length; row++)
        {
            var first16 = expected[row].GetProperty("logits_first16").FloatRows();
            var lse = expected[row].GetProperty("logsumexp").Floats();
            var top5 = expected[row].GetProperty("top5").EnumerateArray().ToArray();
            Assert.Equal(batch[row].Length, first16.Length);
            for (var t = 0; t < batch[row].Length; t++)
            {
                var at = logits[row].AsSpan(t * vocab, vocab);
                var where = $"{name} row {row} position {t}";
                Close.Assert(first16[t], at[..16], Tolerance, $"{where} logits_first16");
                Close.Assert(lse[t], at[0] - logSoftmax[row][t * vocab], Tolerance, $"{where} logsumexp");
                CheckTop5(top5[t], at, $"{where} top5");
            }
            var nll = expected[row].GetProperty("token_nll").Floats();
            Close.Assert(nll, logProbs[row].Select(p => -p).ToArray(), Tolerance, $"{name} row {row} token_nll");
        }
        return logProbs;
    }

    /// <summary>
    /// The expected five ids carry the expected logits; beyond matching those values, no other id may beat the
    /// fifth by more than the tolerance (ids whose logits tie within tolerance may legitimately swap order).
    /// </summary>
    private static void CheckTop5(JsonElement expected, ReadOnlySpan<float> logits, string name)
    {
        var pairs = expected.EnumerateArray().Select(p => (Id: p[0].GetInt32(), Logit: p[1].GetDouble())).ToArray();
        foreach (var (id, logit) in pairs)
            Close.Assert(logit, logits[id], Tolerance, $"{name} id {id}");
        var fifth = pairs[^1].Logit;
        var ids = pairs.Select(p => p.Id).ToHashSet();
        for (var v = 0; v < logits.Length; v++)
            Assert.False(!ids.Contains(v) && logits[v] > fifth + Tolerance, $"{name}: id {v} (logit {logits[v]}) should be in the top 5");
    }
}

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

    [SharedTheory]
    [MemberData(nameof(Models))]
    public void SingleSequenceCasesMatchTransformers(string model, bool reference)
    {
        var lm = Load(model, reference);
        foreach (var c in FixtureJson.Load(model).GetProperty("cases").EnumerateArray())
        {
            var ids = c.GetProperty("ids").Ints();
            var name = $"{model} {(reference ? "reference" : "fast")} case {c.GetProperty("name").GetString()}";
            CheckRow(lm, [ids], 0, c, name);
            if (c.GetProperty("mean_loss").ValueKind == JsonValueKind.Number)
            {
                var logProbs = lm.TokenLogProbs([ids], [(1, ids.Length)])[0];
                Close.Assert(c.GetProperty("mean_loss").GetDouble(), -logProbs.Average(), Tolerance, name + " mean_loss");
            }
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
        for (var r = 0; r < rows.Length; r++)
            CheckRow(lm, rows, r, results[r], $"{model} {(reference ? "reference" : "fast")} batched row {r}");
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

    /// <summary>Checks row <paramref name="row"/> of a batch against one expected block (positions of that row only).</summary>
    private static void CheckRow(ICausalLanguageModel lm, int[][] batch, int row, JsonElement expected, string name)
    {
        var ids = batch[row];
        var vocab = lm.VocabSize;
        var all = batch.Select(r => Enumerable.Range(0, r.Length).ToArray()).ToArray();
        var logits = lm.Logits(batch, all)[row];
        var logSoftmax = lm.LogSoftmax(batch, all)[row];
        var first16 = expected.GetProperty("logits_first16").FloatRows();
        var lse = expected.GetProperty("logsumexp").Floats();
        var top5 = expected.GetProperty("top5").EnumerateArray().ToArray();
        Assert.Equal(ids.Length, first16.Length);
        for (var t = 0; t < ids.Length; t++)
        {
            var at = logits.AsSpan(t * vocab, vocab);
            Close.Assert(first16[t], at[..16], Tolerance, $"{name} logits_first16[{t}]");
            Close.Assert(lse[t], at[0] - logSoftmax[t * vocab], Tolerance, $"{name} logsumexp[{t}]");
            CheckTop5(top5[t], at, $"{name} top5[{t}]");
        }
        var nll = expected.GetProperty("token_nll").Floats();
        var scored = batch.Select(r => (1, Math.Max(1, r.Length))).ToArray();
        var logProbs = lm.TokenLogProbs(batch, scored)[row];
        Close.Assert(nll, logProbs.Select(p => -p).ToArray(), Tolerance, $"{name} token_nll");
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

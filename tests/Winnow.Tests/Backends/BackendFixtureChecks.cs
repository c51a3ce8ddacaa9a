using System.Text.Json;
using Winnow.Backends;
using Winnow.Tests.Models;

namespace Winnow.Tests.Backends;

/// <summary>
/// Checks any <see cref="IModelBackend"/> against a causal-LM fixture's expected.json (transformers, float32): per-token
/// log-probabilities (token_nll), chosen-id log-probabilities (ids 0..15 from logits_first16 − logsumexp), the top-5
/// list (top5 − logsumexp) and the full log-softmax's first 16 entries, for every single-sequence case run as one batch.
/// </summary>
internal static class BackendFixtureChecks
{
    public static void AgainstFixture(IModelBackend backend, string model, double tolerance)
    {
        var cases = FixtureJson.Load(model).GetProperty("cases").EnumerateArray().ToArray();
        var rows = cases.Select(c => c.GetProperty("ids").Ints()).ToArray();
        var logProbs = backend.TokenLogProbs(rows, rows.Select(r => (1, r.Length)).ToArray());
        var positions = rows.Select(r => Enumerable.Range(0, r.Length).ToArray()).ToArray();
        var first16 = Enumerable.Range(0, 16).ToArray();
        var chosen = backend.ChosenLogProbs(rows, positions, first16);
        var top = backend.TopLogProbs(rows, positions, 5);
        var full = backend.LogSoftmax(rows, positions);
        for (var c = 0; c < cases.Length; c++)
        {
            var what = $"{model} {backend.Provenance.Backend} case {c}";
            var nll = cases[c].GetProperty("token_nll").Floats();
            Close.Assert(nll.Select(x => -x).ToArray(), logProbs[c], tolerance, what + " token log-probs");
            var lse = cases[c].GetProperty("logsumexp").Floats();
            var logits = cases[c].GetProperty("logits_first16").FloatRows();
            var top5 = cases[c].GetProperty("top5").EnumerateArray().ToArray();
            for (var t = 0; t < rows[c].Length; t++)
            {
                var expected = logits[t].Select(x => x - lse[t]).ToArray();
                Close.Assert(expected, chosen[c].AsSpan(t * 16, 16).ToArray().Select(x => (float)x).ToArray(), tolerance, $"{what} position {t} chosen log-probs");
                Close.Assert(expected, full[c].AsSpan(t * backend.VocabSize, 16), tolerance, $"{what} position {t} log-softmax");
                CheckTop(top5[t], lse[t], top[c][t], tolerance, $"{what} position {t} top-5");
            }
        }
    }

    private static void CheckTop(JsonElement expected, float lse, TopToken[] actual, double tolerance, string what)
    {
        var entries = expected.EnumerateArray().Select(e => (Id: e[0].GetInt32(), LogProb: e[1].GetDouble() - lse)).ToArray();
        Assert.Equal(entries.Length, actual.Length);
        for (var i = 0; i < entries.Length; i++)
        {
            Close.Assert(entries[i].LogProb, actual[i].LogProb, tolerance, what + $" entry {i}");
            // Ids may swap only between entries whose log-probabilities are within the tolerance.
            if (entries[i].Id != actual[i].Id)
                Assert.Contains(entries, e => e.Id == actual[i].Id && Math.Abs(e.LogProb - actual[i].LogProb) <= tolerance);
        }
    }
}

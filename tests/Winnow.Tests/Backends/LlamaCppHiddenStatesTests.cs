using Winnow.Backends;
using Winnow.Backends.Managed;
using Winnow.Models;
using Winnow.Tests.Models;
using Xunit.Abstractions;

namespace Winnow.Tests.Backends;

/// <summary>
/// The HiddenStates capability through llama.cpp (per-token embeddings after the final norm, no pooling) against the
/// managed engine on the fixture ids of each causal-LM fixture, every position of every case in one call.
/// </summary>
public class LlamaCppHiddenStatesTests(GgufFixtures files, ITestOutputHelper output) : IClassFixture<GgufFixtures>
{
    /// <summary>
    /// Measured (2026-12-02): llama-tiny 3.1e-6, qwen2-tiny 2.9e-6 (bound 1e-4); gpt2-tiny 1.4e-3 (bound 3e-3), from
    /// ggml's F16 GELU table (docs/backends.md), grown through the final LayerNorm.
    /// </summary>
    [SharedTheory]
    [InlineData("llama-tiny", 1e-4)]
    [InlineData("qwen2-tiny", 1e-4)]
    [InlineData("gpt2-tiny", 3e-3)]
    public void FinalNormHiddenStatesMatchTheManagedEngine(string model, double tolerance)
    {
        var cases = FixtureJson.Load(model).GetProperty("cases").EnumerateArray().ToArray();
        var rows = cases.Select(c => c.GetProperty("ids").Ints()).ToArray();
        using var managed = ManagedBackend.InMemory(model, CausalLM.Load(TestPaths.Fixture(model)),
            Winnow.Tokenizers.Tokenizer.Load(TestPaths.Fixture("llama-tiny")));
        using var llama = LlamaCppBackendTests.Open(files.Path(model, "f32"), "exact");
        Assert.True(llama.Capabilities.HasFlag(BackendCapabilities.HiddenStates));
        Assert.Equal(managed.HiddenSize, llama.HiddenSize);
        var expected = managed.LastHiddenStates(rows);
        var actual = llama.LastHiddenStates(rows);
        double max = 0;
        for (var r = 0; r < rows.Length; r++)
        {
            Assert.Equal(rows[r].Length * managed.HiddenSize, actual[r].Length);
            max = Math.Max(max, Close.MaxAbsDiff(expected[r], actual[r]).Max);
        }
        output.WriteLine($"{model}: max |hidden state llama.cpp − managed| = {max:G3} over {rows.Sum(r => r.Length)} positions");
        Assert.True(max <= tolerance, $"{model}: {max:G4} exceeds {tolerance:G2}");
        // Logits were switched back on: a log-prob call after the hidden states still works.
        Assert.Equal(rows[0].Length - 1, llama.TokenLogProbs([rows[0]], [(1, rows[0].Length)])[0].Length);
    }
}

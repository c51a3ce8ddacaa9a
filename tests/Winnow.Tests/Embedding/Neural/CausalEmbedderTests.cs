using Winnow.Embedding.Neural;
using Winnow.Models;
using Winnow.Tests.Models;
using Winnow.Tokenizers;

namespace Winnow.Tests.Embedding.Neural;

/// <summary>
/// lm-mean and lm-last on llama-tiny against a second path: the prompt/conversation string written out in the test,
/// tokenised with BOS, the last entry of AllHiddenStates (transformers' output_hidden_states[-1]) averaged or indexed
/// by hand.
/// </summary>
public class CausalEmbedderTests
{
    private const double Tolerance = 1e-5;

    [SharedFact]
    public void LmMeanAveragesTheAlpacaPromptsHiddenStatesIncludingBos()
    {
        var row = TestRows.Alpaca(0, "List two fruits.", "Apple and pear.", "Short answer.");
        const string prompt = "Below is an instruction that describes a task, paired with an input that provides further context. Write a response that appropriately completes the request.\n\n### Instruction:\nList two fruits.\n\n### Input:\nShort answer.\n\n### Response:";
        var embedder = (LmMeanEmbedder)Create("lm-mean");
        Assert.Equal(prompt, embedder.PromptOf(row));
        var (ids, states, hidden) = Hidden(prompt);
        Assert.Equal(1, ids[0]);
        var expected = new float[hidden];
        for (var d = 0; d < hidden; d++)
            expected[d] = (float)Enumerable.Range(0, ids.Length).Average(t => (double)states[t * hidden + d]);
        Close.Assert(expected, embedder.EmbedTexts([prompt], CancellationToken.None)[0], Tolerance, "lm-mean");
    }

    [SharedFact]
    public void LmLastTakesTheLastTokenOfTheVicunaConversation()
    {
        var row = new Winnow.Data.Sample(0,
        [
            new Winnow.Data.Turn(Winnow.Data.Role.User, "Hi"),
            new Winnow.Data.Turn(Winnow.Data.Role.Assistant, "Hello!"),
            new Winnow.Data.Turn(Winnow.Data.Role.User, "Bye"),
            new Winnow.Data.Turn(Winnow.Data.Role.Assistant, "Goodbye."),
        ], "Hi", "", "Hello!");
        const string text = "A chat between a curious user and an artificial intelligence assistant. The assistant gives helpful, detailed, and polite answers to the user's questions. USER: Hi ASSISTANT: Hello!</s>USER: Bye ASSISTANT: Goodbye.</s>";
        Assert.Equal(text, VicunaConversation.Render(row));
        var (ids, states, hidden) = Hidden(text);
        Assert.Equal(2, ids[^1]);
        var embedder = (LmLastEmbedder)Create("lm-last");
        Close.Assert(states[^hidden..], embedder.EmbedTexts([text], CancellationToken.None)[0], Tolerance, "lm-last");
    }

    private static (int[] Ids, float[] LastLayer, int Hidden) Hidden(string text)
    {
        var ids = Tokenizer.Load(TestPaths.Fixture("llama-tiny")).Encode(text).Ids;
        var lm = CausalLM.Load(TestPaths.Fixture("llama-tiny"));
        return (ids, lm.AllHiddenStates([ids])[0][^1], lm.HiddenSize);
    }

    private static Winnow.Embedding.IEmbedder Create(string name) => Winnow.Pipeline.Catalog.Embedders.Create(name,
        new Parameters(new Dictionary<string, string> { ["model"] = TestPaths.Fixture("llama-tiny") }, name));
}

using System.Text.Json.Nodes;
using Winnow.Models;
using Winnow.Tests.Models;
using Winnow.Tokenizers;

namespace Winnow.Tests.Scoring.Neural;

/// <summary>
/// reward on xlmr-tiny-regression against expected.json's score (transformers' logits[0], no sigmoid), and the decoder
/// score head on a toy LlamaForSequenceClassification written by the test (llama-tiny without lm_head, plus a seeded
/// score.weight), expected from the plain llama-tiny model's last hidden state dotted by hand.
/// </summary>
public class RewardScorerTests
{
    [SharedFact]
    public void MatchesTheRegressionHeadScores()
    {
        var cases = FixtureJson.Load("xlmr-tiny-regression").GetProperty("cases").EnumerateArray().ToArray();
        var scorer = Winnow.Pipeline.Catalog.Scorers.Create("reward", new Parameters(new Dictionary<string, string>
        {
            ["model"] = TestPaths.Fixture("xlmr-tiny-regression"),
            ["text"] = "instruction-lines",
            ["batch_size"] = "3",
        }, "reward"));
        var rows = cases.Select((c, i) => TestRows.Alpaca(i, c.GetProperty("text").GetString()!, "ignored")).ToList();
        var results = scorer.Score(rows, CancellationToken.None);
        for (var i = 0; i < cases.Length; i++)
            Close.Assert(cases[i].GetProperty("score").GetDouble(), results[i].Values![0], 1e-4, $"case {i}");
    }

    [SharedFact]
    public void AModelWithoutAHeadIsRejected() =>
        Assert.ThrowsAny<Exception>(() => Winnow.Pipeline.Catalog.Scorers.Create("reward",
            new Parameters(new Dictionary<string, string> { ["model"] = TestPaths.Fixture("xlmr-tiny") }, "reward")));

    [SharedFact]
    public void DecoderScoreHeadIsTheLastTokensFinalHiddenStateTimesScoreWeight()
    {
        using var folder = new TempFolder();
        foreach (var name in new[] { "tokenizer.json", "tokenizer_config.json", "special_tokens_map.json" })
            File.Copy(TestPaths.Fixture("llama-tiny", name), folder.File(name));
        var config = JsonNode.Parse(File.ReadAllText(TestPaths.Fixture("llama-tiny", "config.json")))!.AsObject();
        config["architectures"] = new JsonArray("LlamaForSequenceClassification");
        config["num_labels"] = 1;
        File.WriteAllText(folder.File("config.json"), config.ToJsonString());
        var random = new Random(5);
        var score = Enumerable.Range(0, 64).Select(_ => (float)(random.NextDouble() - 0.5)).ToArray();
        var tensors = new List<(string, long[], float[])>();
        using (var lm = ModelDirectory.Open(TestPaths.Fixture("llama-tiny")))
        {
            foreach (var name in lm.TensorNames.Where(n => n != "lm_head.weight").Order(StringComparer.Ordinal))
            {
                var shape = lm.Entry(name).Shape;
                tensors.Add((name, shape, lm.Load(name, shape)));
            }
        }
        tensors.Add(("score.weight", [1, 64], score));
        SafetensorsWriter.WriteF32(folder.File("model.safetensors"), [.. tensors]);

        const string text = "Name a colour.\nBlue.";
        var ids = Tokenizer.Load(TestPaths.Fixture("llama-tiny")).Encode(text).Ids;
        var states = CausalLM.Load(TestPaths.Fixture("llama-tiny")).AllHiddenStates([ids])[0][^1];
        var expected = Enumerable.Range(0, 64).Sum(i => (double)score[i] * states[(ids.Length - 1) * 64 + i]);

        var scorer = Winnow.Pipeline.Catalog.Scorers.Create("reward", new Parameters(new Dictionary<string, string> { ["model"] = folder.Path }, "reward"));
        Close.Assert(expected, scorer.Score([TestRows.Alpaca(0, "Name a colour.", "Blue.")], CancellationToken.None)[0].Values![0], 1e-5, "decoder reward");
    }
}

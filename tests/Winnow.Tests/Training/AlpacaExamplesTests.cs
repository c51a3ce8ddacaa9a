using Winnow.Text;
using Winnow.Scoring.Neural;
using Winnow.Tokenizers;
using Winnow.Training;

namespace Winnow.Tests.Training;

public class AlpacaExamplesTests
{
    [SharedFact]
    public void LossCoversTheResponseAndEosOnly()
    {
        var tokenizer = Tokenizer.Load(TestPaths.Fixture("gpt2-tiny"));
        var sample = TestRows.Alpaca(0, "Name a colour.", "Blue is a colour.");
        var built = AlpacaExamples.Build([sample], tokenizer, IfdTemplate.Alpaca, 512);
        var example = Assert.Single(built.Examples);
        var prompt = IfdTemplate.Alpaca.Prompt("Name a colour.", "");
        var promptIds = tokenizer.Encode(prompt).Ids;
        var responseIds = tokenizer.Encode(prompt + "Blue is a colour.").Ids[promptIds.Length..];
        Assert.Equal([.. promptIds, .. responseIds, 50256], example.Ids);
        Assert.Equal(Enumerable.Range(promptIds.Length, responseIds.Length + 1), example.Scored);
    }

    [SharedFact]
    public void ARowTruncatedBeforeItsResponseIsListedNotTrainedOn()
    {
        var tokenizer = Tokenizer.Load(TestPaths.Fixture("gpt2-tiny"));
        var rows = new[] { TestRows.Alpaca(4, "Short.", "Yes."), TestRows.Alpaca(9, string.Join(' ', Enumerable.Repeat("long", 80)), "No.") };
        var built = AlpacaExamples.Build(rows, tokenizer, IfdTemplate.Alpaca, 60);
        Assert.Single(built.Examples);
        Assert.Equal([9L], built.Skipped);
        Assert.True(built.Examples[0].Ids.Length <= 60);
    }
}

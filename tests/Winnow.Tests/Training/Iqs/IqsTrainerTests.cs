using Winnow.Models;
using Winnow.Scoring.Neural.Car;
using Winnow.Tests.Models;
using Winnow.Tokenizers;
using Winnow.Training.Iqs;

namespace Winnow.Tests.Training.Iqs;

/// <summary>
/// IQS training on the xlmr-tiny fixture encoder (random weights) with rows whose score is carried by their words:
/// the validation MSE falls, the written folder loads as CaR's IQS model and reproduces the reported validation MSE,
/// and a frozen encoder leaves the encoder weights exactly as they were.
/// </summary>
public class IqsTrainerTests
{
    [SharedFact]
    public void FrozenHeadLowersValidationMseAndTheFolderScoresAsTrained()
    {
        using var folder = new TempFolder();
        var (train, valid) = Rows();
        var options = new IqsTrainingOptions
        {
            FreezeEncoder = true, HiddenSizes = [16], HeadLearningRate = 1e-2, Epochs = 8, BatchRows = 8, Patience = 8, Threads = 2,
        };
        var result = IqsTrainer.Train(TestPaths.Fixture("xlmr-tiny"), train, valid, folder.Path, options, TextWriter.Null);
        Assert.True(result.BestValidMse < 0.8 * result.InitialValidMse, $"valid MSE {result.InitialValidMse:F4} → {result.BestValidMse:F4}");

        // The folder, loaded as the car.iqs scorer loads it, gives the validation MSE the trainer reported.
        var tokenizer = Tokenizer.Load(folder.Path);
        using var directory = ModelDirectory.Open(folder.Path);
        var model = IqsModel.Load(directory.Config, directory, IqsHparams.Read(folder.File("hparams.yaml")), tokenizer.PadTokenId ?? 1);
        var scores = model.Score(valid.Select(r => tokenizer.Encode(r.Text, addSpecialTokens: true, 510).Ids).ToArray());
        var mse = scores.Select((s, i) => (s - valid[i].Score) * (s - valid[i].Score)).Average();
        Close.Assert(result.BestValidMse, mse, 1e-4, "valid MSE of the written model");

        using var original = ModelDirectory.Open(TestPaths.Fixture("xlmr-tiny"));
        foreach (var name in original.TensorNames.Where(n => !n.StartsWith("pooler.", StringComparison.Ordinal)))
            Assert.Equal(original.Load(name, original.Entry(name).Shape), directory.Load("encoder.model." + name, original.Entry(name).Shape));

        var scorer = Winnow.Pipeline.Catalog.Scorers.Create("car.iqs", new Parameters(new Dictionary<string, string> { ["model"] = folder.Path }, "car.iqs"));
        Assert.True(double.IsFinite(scorer.Score([TestRows.Alpaca(0, "Name a colour.", "Blue is a good colour.")], CancellationToken.None)[0].Values![0]));
    }

    [SharedFact]
    public void FullTrainingLowersValidationMseAndMovesTheEncoder()
    {
        using var folder = new TempFolder();
        var (train, valid) = Rows();
        var options = new IqsTrainingOptions
        {
            HiddenSizes = [16], HeadLearningRate = 1e-2, EncoderLearningRate = 1e-3, Epochs = 3, BatchRows = 8, Threads = 2,
        };
        var result = IqsTrainer.Train(TestPaths.Fixture("xlmr-tiny"), train, valid, folder.Path, options, TextWriter.Null);
        Assert.True(result.BestValidMse < result.InitialValidMse, $"valid MSE {result.InitialValidMse:F4} → {result.BestValidMse:F4}");
        Assert.True(result.BestEpoch > 0);
        using var original = ModelDirectory.Open(TestPaths.Fixture("xlmr-tiny"));
        using var trained = ModelDirectory.Open(folder.Path);
        const string name = "encoder.layer.1.output.dense.weight";
        Assert.NotEqual(original.Load(name, 64, 128), trained.Load("encoder.model." + name, 64, 128));
        // CaR keeps the embeddings frozen.
        Assert.Equal(original.Load("embeddings.word_embeddings.weight", 1002, 64), trained.Load("encoder.model.embeddings.word_embeddings.weight", 1002, 64));
    }

    [SharedFact]
    public void TheSameSeedGivesTheSameModelBytes()
    {
        using var first = new TempFolder();
        using var second = new TempFolder();
        var (train, valid) = Rows();
        var options = new IqsTrainingOptions { FreezeEncoder = true, HiddenSizes = [8], HeadLearningRate = 1e-2, Epochs = 2, BatchRows = 8, Threads = 2 };
        IqsTrainer.Train(TestPaths.Fixture("xlmr-tiny"), train, valid, first.Path, options, TextWriter.Null);
        IqsTrainer.Train(TestPaths.Fixture("xlmr-tiny"), train, valid, second.Path, options with { Threads = 1 }, TextWriter.Null);
        Assert.Equal(File.ReadAllBytes(first.File("model.safetensors")), File.ReadAllBytes(second.File("model.safetensors")));
    }

    /// <summary>Texts that differ in a word that decides the score (1 "excellent", 0 "awful"), over varied instructions.</summary>
    internal static (IReadOnlyList<ScoredText> Train, IReadOnlyList<ScoredText> Valid) Rows()
    {
        string[] topics = ["rain", "cats", "bread", "rivers", "stars", "music", "trains", "gardens", "winter", "books"];
        var rows = new List<ScoredText>();
        for (var i = 0; i < 40; i++)
        {
            var good = i % 2 == 0;
            var topic = topics[i / 2 % topics.Length];
            var text = $"Instruction: Write about {topic}. Response: {(good ? "An excellent clear answer" : "An awful muddled answer")} about {topic} number {i}.";
            rows.Add(new ScoredText(i + 2, text, good ? 1f : 0f));
        }
        return (rows.Take(32).ToList(), rows.Skip(32).ToList());
    }
}

using System.Globalization;
using System.Text.Json.Nodes;
using Winnow.Quality.Evaluation;
using Winnow.Quality.Features;
using Winnow.Quality.Pairs;

namespace Winnow.Quality.Training;

/// <summary>Validation accuracy of one trained seed, overall and where the preferred response is not longer.</summary>
public sealed record SeedResult(ulong Seed, AccuracyEstimate Overall, AccuracyEstimate NotLonger, int BestEpoch);

/// <summary>
/// Trains a <see cref="QualityModel"/> on preference pairs: features of both sides of every pair (character LMs
/// cross-fitted on the training pairs, fitted on all of them for validation and for the saved model), then the
/// pairwise ranker with early stopping on the validation pairs. Nothing else is looked at: the validation pairs
/// choose the epoch, the training pairs fit everything. Extra seeds retrain on the same features to show how
/// much the result depends on the seed.
/// </summary>
public static class QualityTraining
{
    public sealed record Result(QualityModel Model, IReadOnlyList<SeedResult> Seeds, IReadOnlyList<(string Name, double Importance)> Importances);

    /// <summary>Trains on <paramref name="train"/>, stops early on <paramref name="valid"/>; <paramref name="encoder"/> is required by, and only by, a spec with the embedding group.</summary>
    public static Result Run(PairSet train, PairSet valid, FeatureSpec spec, TrainerOptions options, int extraSeeds, string command, SentenceEncoder? encoder = null)
    {
        var trainTexts = train.Pairs.Select(p => (Prompt: Prompt(p), p.Preferred, p.Other)).ToList();
        var validTexts = valid.Pairs.Select(p => (Prompt: Prompt(p), p.Preferred, p.Other)).ToList();
        CharLanguageModels? charModels = null;
        (double[] Preferred, double[] Other)[]? crossFitted = null;
        if (spec.UsesCharLm)
        {
            var sides = trainTexts.Select(t => (t.Preferred, t.Other)).ToList();
            crossFitted = CharLanguageModels.CrossFitted(sides, spec.CharOrder, spec.CrossFitFolds);
            charModels = CharLanguageModels.Fit(sides, spec.CharOrder);
        }
        var trainEncoded = EncodedSides(spec, encoder, trainTexts);
        var validEncoded = EncodedSides(spec, encoder, validTexts);
        var trainVectors = trainTexts.Select((t, i) => (
            spec.Vector(t.Prompt, t.Preferred, crossFitted?[i].Preferred, trainEncoded?[i].Preferred),
            spec.Vector(t.Prompt, t.Other, crossFitted?[i].Other, trainEncoded?[i].Other))).ToList();
        var validVectors = validTexts.Select((t, i) => (
            spec.Vector(t.Prompt, t.Preferred, charModels?.Features(t.Preferred), validEncoded?[i].Preferred),
            spec.Vector(t.Prompt, t.Other, charModels?.Features(t.Other), validEncoded?[i].Other))).ToList();
        var notLonger = valid.Pairs.Select(p => PairEvaluation.Characters(p.Preferred) <= PairEvaluation.Characters(p.Other)).ToArray();

        var seeds = new List<SeedResult>();
        TrainingOutcome? chosen = null;
        for (var s = 0; s <= extraSeeds; s++)
        {
            var seedOptions = options with { Seed = options.Seed + (ulong)s };
            var outcome = RankerTrainer.Train(trainVectors, validVectors, seedOptions);
            chosen ??= outcome;
            seeds.Add(Evaluate(outcome, validVectors, notLonger, seedOptions.Seed));
        }
        var names = spec.Names();
        var importances = chosen!.Ranker.Importances().Select((v, j) => (names[j], v)).OrderByDescending(e => e.v).ToList();
        var metrics = Metrics(train, valid, spec, options, seeds, chosen, importances, command);
        return new Result(new QualityModel(spec, chosen.Ranker, charModels, metrics, encoder), seeds, importances);
    }

    /// <summary>The encoder's pair features of both sides of every pair, all texts encoded in one pass (a shared prompt once).</summary>
    private static (double[] Preferred, double[] Other)[]? EncodedSides(FeatureSpec spec, SentenceEncoder? encoder, List<(string Prompt, string Preferred, string Other)> pairs)
    {
        var rows = pairs.Select(p => (p.Prompt, p.Preferred)).Concat(pairs.Select(p => (p.Prompt, p.Other))).ToList();
        var features = QualityModel.EncoderFeatures(spec, encoder, rows, CancellationToken.None);
        return features is null ? null : pairs.Select((_, i) => (features[i], features[pairs.Count + i])).ToArray();
    }

    /// <summary>The prompt as the scorer sees a row: instruction, then a blank line and the input when there is one.</summary>
    public static string Prompt(PreferencePair p) => p.Input.Length == 0 ? p.Instruction : p.Instruction + "\n\n" + p.Input;

    private static SeedResult Evaluate(TrainingOutcome outcome, List<(double[], double[])> valid, bool[] notLonger, ulong seed)
    {
        var credits = valid.Select(v => PairwiseAccuracy.Credit(outcome.Ranker.Score(v.Item1), outcome.Ranker.Score(v.Item2))).ToList();
        return new SeedResult(seed, PairwiseAccuracy.Estimate(credits, seed),
            PairwiseAccuracy.Estimate(credits.Where((_, i) => notLonger[i]).ToList(), seed), outcome.BestEpoch);
    }

    private static JsonObject Metrics(PairSet train, PairSet valid, FeatureSpec spec, TrainerOptions options, List<SeedResult> seeds, TrainingOutcome chosen,
        List<(string Name, double Importance)> importances, string command)
    {
        static JsonObject Estimate(AccuracyEstimate e) => new() { ["pairs"] = e.Pairs, ["accuracy"] = e.Accuracy, ["low"] = e.Low, ["high"] = e.High };
        var groups = new JsonObject();
        var encoderParts = spec.Encoder?.Parts ?? [];
        string Group(string name) =>
            name.StartsWith("hashed_", StringComparison.Ordinal) ? "hashed"
            : encoderParts.FirstOrDefault(p => name.StartsWith(p + "_", StringComparison.Ordinal) && name[(p.Length + 1)..].All(char.IsAsciiDigit)) is { } part ? "embedding_" + part
            : name;
        foreach (var g in importances.GroupBy(i => Group(i.Name)).OrderByDescending(g => g.Sum(x => x.Importance)).Take(30))
            groups[g.Key] = Math.Round(g.Sum(x => x.Importance), 6);
        return new JsonObject
        {
            ["command"] = command,
            ["data"] = new JsonObject
            {
                ["train"] = Path.GetFileName(train.Source), ["train_pairs"] = train.Pairs.Count,
                ["valid"] = Path.GetFileName(valid.Source), ["valid_pairs"] = valid.Pairs.Count,
                ["skipped"] = new JsonArray(train.Skipped.Concat(valid.Skipped).Select(s => (JsonNode)Path.GetFileName(s)).ToArray()),
            },
            ["trainer"] = new JsonObject
            {
                ["hidden"] = options.Hidden, ["l2"] = options.L2, ["learning_rate"] = options.LearningRate, ["max_epochs"] = options.MaxEpochs,
                ["patience"] = options.Patience, ["batch_size"] = options.BatchSize, ["seed"] = options.Seed.ToString(CultureInfo.InvariantCulture),
            },
            ["best_epoch"] = chosen.BestEpoch,
            ["epochs_run"] = chosen.EpochsRun,
            ["train_accuracy"] = chosen.TrainAccuracy,
            ["valid"] = Estimate(seeds[0].Overall),
            ["valid_not_longer"] = Estimate(seeds[0].NotLonger),
            ["seeds"] = new JsonArray(seeds.Select(s => (JsonNode)new JsonObject
            {
                ["seed"] = s.Seed.ToString(CultureInfo.InvariantCulture), ["valid"] = s.Overall.Accuracy, ["valid_not_longer"] = s.NotLonger.Accuracy, ["best_epoch"] = s.BestEpoch,
            }).ToArray()),
            ["importances"] = groups,
        };
    }
}

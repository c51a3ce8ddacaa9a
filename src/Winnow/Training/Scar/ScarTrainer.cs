using System.Text.Json;
using Winnow.Models;
using Winnow.Models.SafeTensors;
using Winnow.Models.Training;
using Winnow.Models.Training.Encoders;
using Winnow.Quality.Pairs;
using Winnow.Tokenizers;

namespace Winnow.Training.Scar;

/// <summary>
/// Trains SCAR's style ranker (METHODS §5.4) on preference pairs with its margin-ranking loss,
/// mean over pairs of max(0, margin − (score(instruction, preferred) − score(instruction, other))), and writes the
/// folder the <c>scar</c> scorer loads: <c>model.safetensors</c> (encoder under <c>encoder.</c>, pooler included
/// when the encoder has one; <c>relation_network.{0,2}</c>, <c>output_layer.{0,2}</c>), the encoder's
/// <c>config.json</c> and tokenizer files, and <c>training.json</c>. The instruction is the pair's instruction
/// without its input, as the scorer reads it. The folder is rewritten whenever an epoch has the best validation
/// pairwise accuracy so far (lower validation loss breaks ties), as SCAR selects its model.
/// SCAR's disentanglement triplet losses need three answers per instruction (human, referenced, direct); a pairs
/// file has two, so only the ranking loss trains here.
/// </summary>
public static class ScarTrainer
{
    public sealed record Epoch(int Number, double TrainLoss, double ValidLoss, double ValidAccuracy);

    public sealed record Result(double InitialValidLoss, double InitialValidAccuracy, IReadOnlyList<Epoch> Epochs, int BestEpoch);

    private const string RecordFile = "training.json";

    private static readonly string[] Companions = ["config.json", "tokenizer.json", "tokenizer_config.json", "special_tokens_map.json", "vocab.txt", "vocab.json", "merges.txt", "sentencepiece.bpe.model"];

    private sealed record Tokenized(int[] Instruction, int[] Preferred, int[] Other);

    public static Result Train(string encoderFolder, IReadOnlyList<PreferencePair> train, IReadOnlyList<PreferencePair> valid, string outputFolder,
        ScarTrainingOptions o, TextWriter log, CancellationToken cancel = default)
    {
        if (train.Count == 0 || valid.Count == 0)
            throw new ArgumentException("training and validation pairs are both needed");
        var tokenizer = Tokenizer.Load(encoderFolder);
        ScarNetwork network;
        using (var dir = ModelDirectory.Open(encoderFolder))
            network = ScarNetwork.Create(TrainableEncoder.Load(dir.Config, dir, o.Threads), o.LinearDim, o.Seed);
        var maxLength = Math.Min(o.MaxLength, network.Encoder.MaxTokens);
        Tokenized[] Tokenize(IReadOnlyList<PreferencePair> pairs) => pairs.Select(p => new Tokenized(
            tokenizer.Encode(p.Instruction, addSpecialTokens: true, maxLength).Ids,
            tokenizer.Encode(p.Preferred, addSpecialTokens: true, maxLength).Ids,
            tokenizer.Encode(p.Other, addSpecialTokens: true, maxLength).Ids)).ToArray();
        var trainIds = Tokenize(train);
        var validIds = Tokenize(valid);

        var stepsPerEpoch = (train.Count + o.BatchPairs - 1) / o.BatchPairs;
        var totalSteps = stepsPerEpoch * o.Epochs;
        var schedule = new LearningRateSchedule(o.LearningRate, (int)Math.Ceiling(o.WarmupRatio * totalSteps), totalSteps, ScheduleKind.Linear);
        // torch.optim.AdamW's default weight decay (0.01) on every tensor, as SCAR builds its optimiser.
        var optimizer = new AdamW(network.Parameters, new AdamWSettings(WeightDecay: 0.01), _ => true);
        var gradients = new Gradients(network.Parameters);

        var (initialLoss, initialAccuracy) = Evaluate(network, validIds, o, cancel);
        log.WriteLine($"epoch 0: valid loss {initialLoss:F5}  valid accuracy {100 * initialAccuracy:F2} %");
        var best = (Epoch: 0, Accuracy: initialAccuracy, Loss: initialLoss);
        var epochs = new List<Epoch>();
        // The folder always holds the best weights so far (no second copy of the encoder in memory).
        void Save() => Write(outputFolder, encoderFolder, network, Record(encoderFolder, train.Count, valid.Count, o, initialLoss, initialAccuracy, epochs, best.Epoch));
        Save();
        var step = 0;
        for (var epoch = 1; epoch <= o.Epochs; epoch++)
        {
            var order = DecoderTrainer.Shuffled(train.Count, o.Seed + epoch);
            double sum = 0;
            for (var start = 0; start < order.Length; start += o.BatchPairs, step++)
            {
                cancel.ThrowIfCancellationRequested();
                var batch = order.AsSpan(start, Math.Min(o.BatchPairs, order.Length - start)).ToArray().Select(i => trainIds[i]).ToArray();
                gradients.Clear();
                sum += LossAndBackward(network, batch, o.Margin, gradients);
                var norm = gradients.GlobalNorm();
                if (o.MaxGradientNorm > 0 && norm > o.MaxGradientNorm)
                    gradients.Scale((float)(o.MaxGradientNorm / (norm + 1e-6)));
                optimizer.Update(gradients, schedule.At(step));
            }
            var (validLoss, validAccuracy) = Evaluate(network, validIds, o, cancel);
            epochs.Add(new Epoch(epoch, sum / train.Count, validLoss, validAccuracy));
            log.WriteLine($"epoch {epoch}: train loss {sum / train.Count:F5}  valid loss {validLoss:F5}  valid accuracy {100 * validAccuracy:F2} %");
            if (validAccuracy > best.Accuracy || (validAccuracy == best.Accuracy && validLoss < best.Loss))
            {
                best = (epoch, validAccuracy, validLoss);
                Save();
            }
        }
        File.WriteAllText(Path.Combine(outputFolder, RecordFile), Record(encoderFolder, train.Count, valid.Count, o, initialLoss, initialAccuracy, epochs, best.Epoch));
        return new Result(initialLoss, initialAccuracy, epochs, best.Epoch);
    }

    private static string Record(string encoderFolder, int trainPairs, int validPairs, ScarTrainingOptions o, double initialLoss, double initialAccuracy,
        IReadOnlyList<Epoch> epochs, int bestEpoch) =>
        JsonSerializer.Serialize(new
        {
            encoder = Path.GetFullPath(encoderFolder),
            train_pairs = trainPairs,
            valid_pairs = validPairs,
            options = o,
            initial_valid_loss = initialLoss,
            initial_valid_accuracy = initialAccuracy,
            epochs = epochs.Select(e => new { epoch = e.Number, train_loss = e.TrainLoss, valid_loss = e.ValidLoss, valid_accuracy = e.ValidAccuracy }),
            best_epoch = bestEpoch,
        }, new JsonSerializerOptions { WriteIndented = true });

    /// <summary>Sum over the pairs of the margin-ranking loss; adds the gradient of its mean.</summary>
    private static double LossAndBackward(ScarNetwork network, Tokenized[] batch, double margin, Gradients g)
    {
        var scores = network.Forward(batch.Select(b => b.Instruction).ToArray(), batch.Select(b => b.Preferred).ToArray(), batch.Select(b => b.Other).ToArray());
        var p = batch.Length;
        var dScores = new float[2 * p];
        double loss = 0;
        for (var i = 0; i < p; i++)
        {
            var hinge = margin - (scores[i] - scores[p + i]);
            if (hinge <= 0)
                continue;
            loss += hinge;
            dScores[i] = -1f / p;
            dScores[p + i] = 1f / p;
        }
        network.Backward(dScores, g);
        return loss;
    }

    /// <summary>Mean margin-ranking loss and pairwise accuracy (ties count half) on the pairs.</summary>
    private static (double Loss, double Accuracy) Evaluate(ScarNetwork network, Tokenized[] pairs, ScarTrainingOptions o, CancellationToken cancel)
    {
        double loss = 0, correct = 0;
        for (var start = 0; start < pairs.Length; start += o.BatchPairs)
        {
            cancel.ThrowIfCancellationRequested();
            var batch = pairs.AsSpan(start, Math.Min(o.BatchPairs, pairs.Length - start)).ToArray();
            var scores = network.Forward(batch.Select(b => b.Instruction).ToArray(), batch.Select(b => b.Preferred).ToArray(), batch.Select(b => b.Other).ToArray());
            for (var i = 0; i < batch.Length; i++)
            {
                var difference = scores[i] - scores[batch.Length + i];
                loss += Math.Max(0, o.Margin - difference);
                correct += difference > 0 ? 1 : difference == 0 ? 0.5 : 0;
            }
        }
        return (loss / pairs.Length, correct / pairs.Length);
    }

    private static void Write(string folder, string encoderFolder, ScarNetwork network, string trainingJson)
    {
        Directory.CreateDirectory(folder);
        var tensors = network.Encoder.Parameters.Select(t => ("encoder." + t.Name, t.Shape, (ReadOnlyMemory<float>)t.Data.AsMemory(t.Offset, t.Length)))
            .Concat(network.Relation.Parameters.Concat(network.Output.Parameters).Select(t => (t.Name, t.Shape, (ReadOnlyMemory<float>)t.Data.AsMemory(t.Offset, t.Length))));
        Float32SafetensorsWriter.Write(Path.Combine(folder, ModelDirectory.SingleFileName), tensors);
        foreach (var name in Companions)
        {
            var source = Path.Combine(encoderFolder, name);
            if (File.Exists(source))
                File.Copy(source, Path.Combine(folder, name), overwrite: true);
        }
        File.WriteAllText(Path.Combine(folder, RecordFile), trainingJson);
    }
}

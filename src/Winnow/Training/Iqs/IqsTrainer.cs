using System.Text.Json;
using Winnow.Models;
using Winnow.Models.Training;
using Winnow.Models.Training.Encoders;
using Winnow.Tokenizers;

namespace Winnow.Training.Iqs;

/// <summary>
/// Trains CaR's IQS model (encoder + layer mix + feed-forward estimator, MSE on scored texts) from a Hugging Face
/// encoder folder and writes the folder <c>car.iqs</c> loads. Seeded and deterministic: the head's initialisation
/// and each epoch's shuffle come from the seed, and every step's arithmetic is independent of thread timing. After
/// each epoch the validation MSE is measured; the output folder is rewritten whenever it falls, so it holds the best
/// epoch's weights (early stopping after <see cref="IqsTrainingOptions.Patience"/> epochs without improvement).
/// With <see cref="IqsTrainingOptions.FreezeEncoder"/> the encoder's pooled hidden states are computed once and only
/// the head trains.
/// </summary>
public static class IqsTrainer
{
    public sealed record Epoch(int Number, double TrainMse, double ValidMse);

    public sealed record Result(double InitialValidMse, IReadOnlyList<Epoch> Epochs, int BestEpoch, double BestValidMse);

    public static Result Train(string encoderFolder, IReadOnlyList<ScoredText> train, IReadOnlyList<ScoredText> valid, string outputFolder,
        IqsTrainingOptions o, TextWriter log, CancellationToken cancel = default)
    {
        if (train.Count == 0 || valid.Count == 0)
            throw new ArgumentException("training and validation rows are both needed");
        var tokenizer = Tokenizer.Load(encoderFolder);
        IqsNetwork network;
        using (var dir = ModelDirectory.Open(encoderFolder))
        {
            var encoder = TrainableEncoder.Load(dir.Config, dir, o.Threads);
            if (o.MaxLength > encoder.MaxTokens)
                throw new ArgumentException($"--max-length {o.MaxLength} exceeds the encoder's {encoder.MaxTokens} positions");
            var head = IqsHead.Create(encoder.Spec.Layers + 1, encoder.Spec.Hidden, o.HiddenSizes, o.Activation, o.Sparsemax, o.Seed);
            network = new IqsNetwork(encoder, head, o.AveragePooling, tokenizer.PadTokenId ?? encoder.Spec.PadId);
        }
        int[][] Tokenize(IReadOnlyList<ScoredText> rows) => rows.Select(r => tokenizer.Encode(r.Text, addSpecialTokens: true, o.MaxLength).Ids).ToArray();
        var trainIds = Tokenize(train);
        var validIds = Tokenize(valid);
        var width = network.Head.HiddenStates * network.Head.Hidden;
        float[][]? trainFeatures = null, validFeatures = null;
        if (o.FreezeEncoder)
        {
            log.WriteLine($"frozen encoder: pooling the hidden states of {train.Count + valid.Count:N0} rows once");
            trainFeatures = Features(network, trainIds, o.BatchRows, width, cancel);
            validFeatures = Features(network, validIds, o.BatchRows, width, cancel);
        }

        var headOptimizer = new AdamW(network.Head.Parameters, new AdamWSettings(), _ => false);
        // CaR keeps the embeddings frozen; the other encoder weights train at the encoder rate.
        bool Frozen(TrainableTensor t) => t.Name.StartsWith("embeddings.", StringComparison.Ordinal) || t.Name.StartsWith("pooler.", StringComparison.Ordinal);
        var encoderTensors = network.Encoder.Parameters.Where(t => !Frozen(t)).ToList();
        var frozenTensors = network.Encoder.Parameters.Where(Frozen).ToList();
        var encoderOptimizer = o.FreezeEncoder ? null : new AdamW(encoderTensors, new AdamWSettings(), _ => false, o.Threads);
        var gradients = new Gradients(o.FreezeEncoder ? network.Head.Parameters : network.Parameters);

        double ValidMse() => Mse(network, validIds, valid, validFeatures, o.BatchRows, width, cancel);
        var initial = ValidMse();
        log.WriteLine($"epoch 0: valid MSE {initial:F5}");
        var epochs = new List<Epoch>();
        var best = (Epoch: 0, Mse: initial);
        // The folder always holds the best weights so far (no second copy of a large encoder in memory).
        void Save() => IqsFolder.Write(outputFolder, encoderFolder, network, o, Record(encoderFolder, train.Count, valid.Count, o, initial, epochs, best.Epoch, best.Mse));
        Save();
        for (var epoch = 1; epoch <= o.Epochs; epoch++)
        {
            var order = DecoderTrainer.Shuffled(train.Count, o.Seed + epoch);
            double sum = 0;
            for (var start = 0; start < order.Length; start += o.BatchRows)
            {
                cancel.ThrowIfCancellationRequested();
                var batch = order.AsSpan(start, Math.Min(o.BatchRows, order.Length - start)).ToArray();
                var targets = batch.Select(i => train[i].Score).ToArray();
                gradients.Clear();
                var scale = 1f / batch.Length;
                if (trainFeatures is not null)
                {
                    var features = new float[batch.Length * width];
                    for (var b = 0; b < batch.Length; b++)
                        trainFeatures[batch[b]].CopyTo(features, b * width);
                    sum += network.HeadSquaredErrorBackward(features, batch.Length, targets, scale, gradients, trainEncoder: false);
                }
                else
                {
                    sum += network.SquaredErrorBackward(batch.Select(i => trainIds[i]).ToArray(), targets, scale, gradients, trainEncoder: true);
                    // Frozen weights have no gradient in CaR (requires_grad off), so none enters the clipping norm.
                    foreach (var t in frozenTensors)
                        gradients.Of(t).Clear();
                }
                var norm = gradients.GlobalNorm();
                if (o.MaxGradientNorm > 0 && norm > o.MaxGradientNorm)
                    gradients.Scale((float)(o.MaxGradientNorm / (norm + 1e-6)));
                headOptimizer.Update(gradients, o.HeadLearningRate);
                encoderOptimizer?.Update(gradients, o.EncoderLearningRate);
            }
            var validMse = ValidMse();
            epochs.Add(new Epoch(epoch, sum / train.Count, validMse));
            log.WriteLine($"epoch {epoch}: train MSE {sum / train.Count:F5}  valid MSE {validMse:F5}");
            if (validMse < best.Mse)
            {
                best = (epoch, validMse);
                Save();
            }
            else if (epoch - best.Epoch >= o.Patience)
            {
                log.WriteLine($"stopping: no better validation MSE for {o.Patience} epochs");
                break;
            }
        }
        File.WriteAllText(Path.Combine(outputFolder, IqsFolder.RecordFile), Record(encoderFolder, train.Count, valid.Count, o, initial, epochs, best.Epoch, best.Mse));
        return new Result(initial, epochs, best.Epoch, best.Mse);
    }

    private static string Record(string encoderFolder, int trainRows, int validRows, IqsTrainingOptions o, double initial, IReadOnlyList<Epoch> epochs, int bestEpoch, double bestMse) =>
        JsonSerializer.Serialize(new
        {
            encoder = Path.GetFullPath(encoderFolder),
            train_rows = trainRows,
            valid_rows = validRows,
            options = o,
            initial_valid_mse = initial,
            epochs = epochs.Select(e => new { epoch = e.Number, train_mse = e.TrainMse, valid_mse = e.ValidMse }),
            best_epoch = bestEpoch,
            best_valid_mse = bestMse,
        }, new JsonSerializerOptions { WriteIndented = true });

    private static float[][] Features(IqsNetwork network, int[][] ids, int batchRows, int width, CancellationToken cancel)
    {
        var result = new float[ids.Length][];
        for (var start = 0; start < ids.Length; start += batchRows)
        {
            cancel.ThrowIfCancellationRequested();
            var count = Math.Min(batchRows, ids.Length - start);
            var features = network.Features(ids.AsSpan(start, count).ToArray());
            for (var b = 0; b < count; b++)
                result[start + b] = features.AsSpan(b * width, width).ToArray();
        }
        return result;
    }

    private static double Mse(IqsNetwork network, int[][] ids, IReadOnlyList<ScoredText> rows, float[][]? cached, int batchRows, int width, CancellationToken cancel)
    {
        double sum = 0;
        for (var start = 0; start < ids.Length; start += batchRows)
        {
            cancel.ThrowIfCancellationRequested();
            var count = Math.Min(batchRows, ids.Length - start);
            float[] features;
            if (cached is not null)
            {
                features = new float[count * width];
                for (var b = 0; b < count; b++)
                    cached[start + b].CopyTo(features, b * width);
            }
            else
                features = network.Features(ids.AsSpan(start, count).ToArray());
            var scores = network.Head.Forward(features, count);
            for (var b = 0; b < count; b++)
            {
                var error = (double)scores[b] - rows[start + b].Score;
                sum += error * error;
            }
        }
        return sum / ids.Length;
    }
}

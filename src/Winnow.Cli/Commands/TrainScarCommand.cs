using System.CommandLine;
using System.Globalization;
using Winnow.Pipeline;
using Winnow.Quality.Pairs;
using Winnow.Training.Scar;

namespace Winnow.Cli.Commands;

/// <summary><c>winnow train scar</c>: trains SCAR's style ranker on preference pairs.</summary>
public static class TrainScarCommand
{
    public static Command Create()
    {
        var defaults = new ScarTrainingOptions();
        var pairs = new Option<string>("--pairs") { Description = "Training pairs: CSV src,pos,neg (CaR's APE_train.csv) or JSONL instruction/chosen/rejected; the preferred answer should rank higher.", Required = true };
        var valid = new Option<string>("--valid") { Description = "Validation pairs (same formats): the epoch with the best pairwise accuracy is kept.", Required = true };
        var encoder = new Option<string>("--encoder") { Description = "Hugging Face encoder folder (BERT, RoBERTa, XLM-R; SCAR used roberta-base and gte-*-en-v1.5).", Required = true };
        var output = new Option<string>("--output", "-o") { Description = "Folder to write: the layout the scar scorer loads (model.safetensors, config.json, tokenizer.json, training.json).", Required = true };
        var epochs = new Option<int>("--epochs") { Description = "Passes over the training pairs.", DefaultValueFactory = _ => defaults.Epochs };
        var batchPairs = new Option<int>("--batch-pairs") { Description = "Pairs per optimiser step.", DefaultValueFactory = _ => defaults.BatchPairs };
        var lr = new Option<double>("--lr") { Description = "Peak AdamW learning rate (linear decay after warm-up).", DefaultValueFactory = _ => defaults.LearningRate };
        var warmup = new Option<double>("--warmup-ratio") { Description = "Fraction of steps warming up linearly from 0.", DefaultValueFactory = _ => defaults.WarmupRatio };
        var clip = new Option<double>("--max-grad-norm") { Description = "Global gradient-norm clip; 0 turns it off.", DefaultValueFactory = _ => defaults.MaxGradientNorm };
        var margin = new Option<double>("--margin") { Description = "Margin of the ranking loss.", DefaultValueFactory = _ => defaults.Margin };
        var linearDim = new Option<int>("--linear-dim") { Description = "Width of the relation and output networks (SCAR's linear_dim).", DefaultValueFactory = _ => defaults.LinearDim };
        var maxLength = new Option<int>("--max-length") { Description = "Tokens kept per instruction and per answer (capped by the encoder).", DefaultValueFactory = _ => defaults.MaxLength };
        var keepEscapes = new Option<bool>("--keep-escapes") { Description = "Do not decode \\n, \\\", \\uXXXX … in CSV text (by default both sides are decoded alike)." };
        var threads = new Option<int>("--threads") { Description = "Worker threads.", DefaultValueFactory = _ => Environment.ProcessorCount };
        var seed = new Option<int>("--seed") { Description = "Seeds the new layers' initialisation and the shuffles.", DefaultValueFactory = _ => defaults.Seed };
        var onError = CommonOptions.OnError();
        var command = new Command("scar", """
            Train SCAR's style-consistency ranker: a shared encoder over instruction and answer, relation network and
            max-pooled answer states, margin-ranking loss (margin 0.5) on preference pairs, AdamW with linear warm-up and
            decay. The folder it writes is what the scar scorer loads.
            Example:
              winnow train scar --pairs APE_train.csv --valid APE_valid.csv --encoder roberta-base -o scar-model --on-error skip
            """)
        {
            pairs, valid, encoder, output, epochs, batchPairs, lr, warmup, clip, margin, linearDim, maxLength, keepEscapes, threads, seed, onError,
        };
        command.SetAction((parse, cancellationToken) =>
        {
            var options = new ScarTrainingOptions
            {
                Epochs = CommonOptions.AtLeastOne(parse.GetValue(epochs), "--epochs"),
                BatchPairs = CommonOptions.AtLeastOne(parse.GetValue(batchPairs), "--batch-pairs"),
                LearningRate = parse.GetValue(lr) > 0 ? parse.GetValue(lr) : throw new ArgumentException("--lr must be > 0"),
                WarmupRatio = parse.GetValue(warmup) is >= 0 and < 1 ? parse.GetValue(warmup) : throw new ArgumentException("--warmup-ratio must be in [0, 1)"),
                MaxGradientNorm = parse.GetValue(clip) >= 0 ? parse.GetValue(clip) : throw new ArgumentException("--max-grad-norm must be ≥ 0"),
                Margin = parse.GetValue(margin) >= 0 ? parse.GetValue(margin) : throw new ArgumentException("--margin must be ≥ 0"),
                LinearDim = CommonOptions.AtLeastOne(parse.GetValue(linearDim), "--linear-dim"),
                MaxLength = parse.GetValue(maxLength) >= 3 ? parse.GetValue(maxLength) : throw new ArgumentException("--max-length must be ≥ 3"),
                Seed = parse.GetValue(seed),
                Threads = CommonOptions.AtLeastOne(parse.GetValue(threads), "--threads"),
            };
            var decode = !parse.GetValue(keepEscapes);
            var skip = parse.GetValue(onError) == OnErrorPolicy.Skip;
            var trainSet = PairFile.Read(parse.GetValue(pairs)!, decode, skip);
            var validSet = PairFile.Read(parse.GetValue(valid)!, decode, skip);
            var log = parse.InvocationConfiguration.Output;
            foreach (var skipped in trainSet.Skipped.Concat(validSet.Skipped))
                log.WriteLine($"skipped {skipped}");
            log.WriteLine($"{trainSet.Pairs.Count:N0} training pairs, {validSet.Pairs.Count:N0} validation pairs");
            var result = ScarTrainer.Train(parse.GetValue(encoder)!, trainSet.Pairs, validSet.Pairs, parse.GetValue(output)!, options, log, cancellationToken);
            (double Loss, double Accuracy) best = result.BestEpoch == 0 ? (result.InitialValidLoss, result.InitialValidAccuracy)
                : (result.Epochs[result.BestEpoch - 1].ValidLoss, result.Epochs[result.BestEpoch - 1].ValidAccuracy);
            log.WriteLine(string.Create(CultureInfo.InvariantCulture,
                $"best epoch {result.BestEpoch}: valid accuracy {100 * best.Accuracy:F2} %, loss {best.Loss:F5}; model written to {Path.GetFullPath(parse.GetValue(output)!)}"));
            return Task.FromResult(ExitCodes.Ok);
        });
        return command;
    }
}

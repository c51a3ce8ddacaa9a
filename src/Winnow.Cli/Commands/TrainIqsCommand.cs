using System.CommandLine;
using System.Globalization;
using Winnow.Training.Iqs;

namespace Winnow.Cli.Commands;

/// <summary><c>winnow train iqs</c>: trains CaR's IQS model (encoder + layer mix + feed-forward head) on scored texts.</summary>
public static class TrainIqsCommand
{
    public static Command Create()
    {
        var defaults = new IqsTrainingOptions();
        var train = new Option<string>("--train") { Description = "Training rows: CSV src,score (CaR's APE_score_train.csv: \"Instruction: … Response: …\", 0 original / 1 expert revision).", Required = true };
        var valid = new Option<string>("--valid") { Description = "Validation rows (same format): early stopping on their MSE.", Required = true };
        var encoder = new Option<string>("--encoder") { Description = "Hugging Face encoder folder (BERT, RoBERTa, XLM-R; config.json, model.safetensors, tokenizer.json). CaR used xlm-roberta-large.", Required = true };
        var output = new Option<string>("--output", "-o") { Description = "Folder to write: the layout the car.iqs scorer loads (model.safetensors, config.json, tokenizer.json, hparams.yaml, training.json).", Required = true };
        var freeze = new Option<bool>("--freeze-encoder") { Description = "Train only the layer mix and the feed-forward head; the encoder's pooled hidden states are computed once." };
        var epochs = new Option<int>("--epochs") { Description = "Most passes over the training rows.", DefaultValueFactory = _ => defaults.Epochs };
        var batchRows = new Option<int>("--batch-rows") { Description = "Rows per optimiser step (packed, no padding).", DefaultValueFactory = _ => defaults.BatchRows };
        var encoderLr = new Option<double>("--encoder-lr") { Description = "AdamW learning rate of the encoder (embeddings stay frozen, as in CaR).", DefaultValueFactory = _ => defaults.EncoderLearningRate };
        var headLr = new Option<double>("--head-lr") { Description = "AdamW learning rate of the layer mix and the estimator.", DefaultValueFactory = _ => defaults.HeadLearningRate };
        var clip = new Option<double>("--max-grad-norm") { Description = "Global gradient-norm clip; 0 turns it off.", DefaultValueFactory = _ => defaults.MaxGradientNorm };
        var patience = new Option<int>("--patience") { Description = "Stop after this many epochs without a lower validation MSE.", DefaultValueFactory = _ => defaults.Patience };
        var maxLength = new Option<int>("--max-length") { Description = "Tokens kept per row, special tokens included (COMET: 510).", DefaultValueFactory = _ => defaults.MaxLength };
        var hidden = new Option<string>("--hidden-sizes") { Description = "Estimator hidden sizes, comma-separated (CaR: 2048,1024).", DefaultValueFactory = _ => string.Join(',', defaults.HiddenSizes) };
        var activation = new Option<string>("--activation") { Description = "Estimator activation: Tanh, ReLU or Sigmoid.", DefaultValueFactory = _ => defaults.Activation };
        var transformation = new Option<string>("--layer-transformation") { Description = "Normalisation of the layer weights: sparsemax or softmax.", DefaultValueFactory = _ => "sparsemax" };
        var pool = new Option<string>("--pool") { Description = "Pooling of the mixed states: avg or cls.", DefaultValueFactory = _ => "avg" };
        var keepEscapes = new Option<bool>("--keep-escapes") { Description = "Do not decode \\n, \\\", \\uXXXX … in the CSV text (by default decoded, as the pair readers do)." };
        var threads = new Option<int>("--threads") { Description = "Worker threads.", DefaultValueFactory = _ => Environment.ProcessorCount };
        var seed = new Option<int>("--seed") { Description = "Seeds the head's initialisation and the shuffles; same inputs and seed give the same model.", DefaultValueFactory = _ => defaults.Seed };
        var command = new Command("iqs", """
            Train CaR's instruction quality scorer: encoder hidden states mixed by learnt layer weights (sparsemax), average
            pooled, then a feed-forward estimator; MSE against the rows' scores, AdamW, early stopping on validation MSE.
            The folder it writes is what the car.iqs scorer loads.
            Examples:
              winnow train iqs --train APE_score_train.csv --valid APE_score_valid.csv --encoder xlm-roberta-large -o iqs-model
              winnow train iqs --train APE_score_train.csv --valid APE_score_valid.csv --encoder xlmr --freeze-encoder --head-lr 1e-3 -o iqs-head
            """)
        {
            train, valid, encoder, output, freeze, epochs, batchRows, encoderLr, headLr, clip, patience, maxLength, hidden, activation, transformation, pool,
            keepEscapes, threads, seed,
        };
        command.SetAction((parse, cancellationToken) =>
        {
            var options = new IqsTrainingOptions
            {
                Epochs = CommonOptions.AtLeastOne(parse.GetValue(epochs), "--epochs"),
                BatchRows = CommonOptions.AtLeastOne(parse.GetValue(batchRows), "--batch-rows"),
                EncoderLearningRate = Positive(parse.GetValue(encoderLr), "--encoder-lr"),
                HeadLearningRate = Positive(parse.GetValue(headLr), "--head-lr"),
                MaxGradientNorm = parse.GetValue(clip) >= 0 ? parse.GetValue(clip) : throw new ArgumentException("--max-grad-norm must be ≥ 0"),
                Patience = CommonOptions.AtLeastOne(parse.GetValue(patience), "--patience"),
                FreezeEncoder = parse.GetValue(freeze),
                MaxLength = parse.GetValue(maxLength) >= 3 ? parse.GetValue(maxLength) : throw new ArgumentException("--max-length must be ≥ 3"),
                HiddenSizes = Sizes(parse.GetValue(hidden)!),
                Activation = parse.GetValue(activation)!,
                Sparsemax = parse.GetValue(transformation) switch
                {
                    "sparsemax" => true,
                    "softmax" => false,
                    var other => throw new ArgumentException($"--layer-transformation '{other}' is not sparsemax or softmax"),
                },
                AveragePooling = parse.GetValue(pool) switch
                {
                    "avg" => true,
                    "cls" => false,
                    var other => throw new ArgumentException($"--pool '{other}' is not avg or cls"),
                },
                Seed = parse.GetValue(seed),
                Threads = CommonOptions.AtLeastOne(parse.GetValue(threads), "--threads"),
            };
            var decode = !parse.GetValue(keepEscapes);
            var trainRows = ScoredText.ReadCsv(parse.GetValue(train)!, decode);
            var validRows = ScoredText.ReadCsv(parse.GetValue(valid)!, decode);
            var log = parse.InvocationConfiguration.Output;
            log.WriteLine($"{trainRows.Count:N0} training rows, {validRows.Count:N0} validation rows{(options.FreezeEncoder ? "; encoder frozen" : "")}");
            var result = IqsTrainer.Train(parse.GetValue(encoder)!, trainRows, validRows, parse.GetValue(output)!, options, log, cancellationToken);
            log.WriteLine(string.Create(CultureInfo.InvariantCulture,
                $"best epoch {result.BestEpoch}: valid MSE {result.BestValidMse:F5} (before training {result.InitialValidMse:F5}); model written to {Path.GetFullPath(parse.GetValue(output)!)}"));
            return Task.FromResult(ExitCodes.Ok);
        });
        return command;
    }

    private static double Positive(double value, string option) => value > 0 ? value : throw new ArgumentException($"{option} must be > 0");

    private static int[] Sizes(string text)
    {
        var parts = text.Split(',', StringSplitOptions.TrimEntries | StringSplitOptions.RemoveEmptyEntries);
        var sizes = parts.Select(p => int.TryParse(p, NumberStyles.None, CultureInfo.InvariantCulture, out var v) && v > 0 ? v
            : throw new ArgumentException($"--hidden-sizes: '{p}' is not a positive integer")).ToArray();
        return sizes.Length > 0 ? sizes : throw new ArgumentException("--hidden-sizes needs at least one size");
    }
}

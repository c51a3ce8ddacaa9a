using System.CommandLine;
using System.Globalization;
using Winnow.Pipeline;
using Winnow.Quality.Features;
using Winnow.Quality.Pairs;
using Winnow.Quality.Training;

namespace Winnow.Cli.Commands;

/// <summary><c>winnow train quality</c>: trains the learnt quality scorer (model-free features, optionally a frozen encoder's) on preference pairs.</summary>
public static class TrainQualityCommand
{
    public static Command Create()
    {
        var pairs = new Option<string>("--pairs") { Description = "Training pairs (CSV src,pos,neg or src,score; JSONL chosen/rejected).", Required = true };
        var valid = new Option<string>("--valid") { Description = "Validation pairs: choose the epoch (early stopping) and report accuracy.", Required = true };
        var output = new Option<string>("--output", "-o") { Description = "Model folder to write (model.json, charlm.bin.gz).", Required = true };
        var features = new Option<string>("--features") { Description = $"Feature groups, comma-separated: {string.Join(",", FeatureSpec.AllGroups)}.", DefaultValueFactory = _ => string.Join(",", FeatureSpec.Default.Groups) };
        var buckets = new Option<int>("--hash-buckets") { Description = "Buckets of the hashed word n-grams.", DefaultValueFactory = _ => FeatureSpec.Default.HashBuckets };
        var charOrder = new Option<int>("--char-order") { Description = "Order of the byte-level language models.", DefaultValueFactory = _ => FeatureSpec.Default.CharOrder };
        var folds = new Option<int>("--cross-fit-folds") { Description = "Folds for cross-fitting the character LMs on the training pairs.", DefaultValueFactory = _ => FeatureSpec.Default.CrossFitFolds };
        var encoder = new Option<string?>("--encoder") { Description = "Frozen sentence encoder of the embedding feature group: a registered embedder with a model (use-lite, sentence, lm-mean)." };
        var encoderPath = new Option<string?>("--encoder-path") { Description = "The encoder's model folder; for use-lite the npm package is found by default (WINNOW_USE_LITE_DIR, .cache/use-lite)." };
        var encoderParams = new Option<string[]>("--encoder-param") { Description = "Further encoder parameters, key=value (repeatable); saved with the model.", AllowMultipleArgumentsPerToken = false };
        var parts = new Option<string>("--embedding-parts") { Description = $"Pair features from prompt vector u and response vector v, comma-separated: {string.Join(",", EncoderSpec.AllParts)} (u, v, u⊙v, |u−v|).", DefaultValueFactory = _ => string.Join(",", EncoderSpec.AllParts) };
        var hidden = new Option<int>("--hidden") { Description = "Hidden units of the ranker; 0 = linear.", DefaultValueFactory = _ => new TrainerOptions().Hidden };
        var l2 = new Option<double>("--l2") { Description = "L2 penalty on the weights.", DefaultValueFactory = _ => new TrainerOptions().L2 };
        var rate = new Option<double>("--learning-rate") { Description = "Adam step size.", DefaultValueFactory = _ => new TrainerOptions().LearningRate };
        var epochs = new Option<int>("--max-epochs") { Description = "Most epochs.", DefaultValueFactory = _ => new TrainerOptions().MaxEpochs };
        var patience = new Option<int>("--patience") { Description = "Stop after this many epochs without a better validation accuracy.", DefaultValueFactory = _ => new TrainerOptions().Patience };
        var checkSeeds = new Option<int>("--check-seeds") { Description = "Also train this many further seeds on the same features and report their validation accuracy (the saved model is the first seed's).", DefaultValueFactory = _ => 0 };
        var keepEscapes = new Option<bool>("--keep-escapes") { Description = "Do not decode string escapes in CSV text (by default both sides are decoded alike)." };
        var seed = CommonOptions.Seed();
        var onError = CommonOptions.OnError();
        var command = new Command("quality", """
            Train the model-free quality scorer (pairwise logistic ranker, or a small MLP) on preference pairs, with early
            stopping on the validation pairs, and save it as a folder the 'quality' scorer loads.
            Example (the shipped model, models/quality/):
              winnow train quality --pairs ../shared/data/APE_train.csv --valid ../shared/data/APE_valid.csv -o models/quality --check-seeds 4 --on-error skip
            With frozen sentence embeddings (feature group embedding; the encoder's folder is not saved, it is found
            where the model is used), as models/quality-use-lite/ (docs/quality.md):
              winnow train quality --pairs ../shared/data/APE_train.csv --valid ../shared/data/APE_valid.csv -o models/quality-use-lite --features embedding --encoder use-lite --check-seeds 4 --on-error skip
            """)
        {
            pairs, valid, output, features, buckets, charOrder, folds, encoder, encoderPath, encoderParams, parts, hidden, l2, rate, epochs, patience, checkSeeds, keepEscapes, seed, onError,
        };
        command.SetAction((parse, cancellationToken) =>
        {
            SentenceEncoder? frozen = null;
            EncoderSpec? encoderSpec = null;
            if (parse.GetValue(encoder) is { } encoderName)
            {
                var extra = (parse.GetValue(encoderParams) ?? []).Select(kv => kv.Split('=', 2)).ToList();
                if (extra.FirstOrDefault(kv => kv.Length != 2 || kv[0].Length == 0) is { } bad)
                    throw new ArgumentException($"--encoder-param '{string.Join("=", bad)}': expected key=value");
                var values = extra.ToDictionary(kv => kv[0], kv => kv[1], StringComparer.Ordinal);
                var embeddingParts = EncoderSpec.ParseParts(parse.GetValue(parts)!);
                var folder = parse.GetValue(encoderPath) ?? EncoderLocation.Find(new EncoderSpec(encoderName, values, embeddingParts, 0, null));
                frozen = SentenceEncoder.Create(encoderName, values, folder);
                encoderSpec = new EncoderSpec(encoderName, values, embeddingParts, frozen.Dim, frozen.ContentHash);
            }
            var spec = FeatureSpec.Parse(parse.GetValue(features)!, parse.GetValue(buckets), parse.GetValue(charOrder), parse.GetValue(folds), encoderSpec);
            var options = new TrainerOptions(parse.GetValue(hidden), parse.GetValue(l2), parse.GetValue(rate), CommonOptions.AtLeastOne(parse.GetValue(epochs), "--max-epochs"),
                CommonOptions.AtLeastOne(parse.GetValue(patience), "--patience"), new TrainerOptions().BatchSize, (ulong)parse.GetValue(seed));
            if (options.Hidden < 0 || options.L2 < 0 || options.LearningRate <= 0 || parse.GetValue(checkSeeds) < 0)
                throw new ArgumentException("--hidden, --l2 and --check-seeds must be ≥ 0 and --learning-rate > 0");
            var decode = !parse.GetValue(keepEscapes);
            var skip = parse.GetValue(onError) == OnErrorPolicy.Skip;
            var trainSet = PairFile.Read(parse.GetValue(pairs)!, decode, skip);
            var validSet = PairFile.Read(parse.GetValue(valid)!, decode, skip);
            var commandLine = "winnow " + string.Join(' ', parse.Tokens.Select(t => t.Value.Contains(' ') ? $"'{t.Value}'" : t.Value));
            var result = QualityTraining.Run(trainSet, validSet, spec, options, parse.GetValue(checkSeeds), commandLine, frozen);
            var directory = parse.GetValue(output)!;
            result.Model.Save(directory);
            var writer = parse.InvocationConfiguration.Output;
            foreach (var skipped in trainSet.Skipped.Concat(validSet.Skipped))
                writer.WriteLine($"skipped {skipped}");
            foreach (var s in result.Seeds)
                writer.WriteLine(string.Create(CultureInfo.InvariantCulture,
                    $"seed {s.Seed}: valid {100 * s.Overall.Accuracy:F2} % [{100 * s.Overall.Low:F1}, {100 * s.Overall.High:F1}], not longer {100 * s.NotLonger.Accuracy:F2} % ({s.NotLonger.Pairs} pairs), best epoch {s.BestEpoch}"));
            writer.WriteLine("top features: " + string.Join(", ", result.Importances.Take(12).Select(i => string.Create(CultureInfo.InvariantCulture, $"{i.Name} {i.Importance:F3}"))));
            writer.WriteLine($"model → {directory}");
            return Task.FromResult(ExitCodes.Ok);
        });
        return command;
    }
}

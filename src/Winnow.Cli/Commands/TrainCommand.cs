using Winnow.Text;
using System.CommandLine;
using Winnow.Models.Training;
using Winnow.Models.Training.Lora;
using Winnow.Pipeline;
using Winnow.Scoring.Neural;
using Winnow.Tokenizers;
using Winnow.Training;

namespace Winnow.Cli.Commands;

/// <summary><c>winnow train</c>: <c>lm</c> fine-tunes a causal LM on a dataset with the managed engine's backward pass.</summary>
public static class TrainCommand
{
    public static Command Create()
    {
        var command = new Command("train", "Train models: a causal LM with the managed engine (lm), Winnow's model-free quality scorer (quality), CaR's IQS scorer (iqs), SCAR's style ranker (scar).");
        command.Subcommands.Add(LanguageModel());
        command.Subcommands.Add(TrainQualityCommand.Create());
        command.Subcommands.Add(TrainIqsCommand.Create());
        command.Subcommands.Add(TrainScarCommand.Create());
        return command;
    }

    private static Command LanguageModel()
    {
        var model = new Option<string>("--model", "-m") { Description = "Hugging Face folder to start from (config.json, model.safetensors, tokenizer.json): GPT-2, Llama, Mistral or Qwen2.", Required = true };
        var data = new Option<string>("--data") { Description = "Training rows: Alpaca, ShareGPT, OpenAI messages or prompt/completion (first exchange).", Required = true };
        var output = new Option<string>("--output", "-o") { Description = "Folder for the trained model (HF layout) and its checkpoints; an interrupted run resumes from the newest one.", Required = true };
        var template = new Option<string>("--template") { Description = "Prompt template (alpaca, wiz, vicuna, none); the loss covers response tokens only.", DefaultValueFactory = _ => "alpaca" };
        var epochs = new Option<int>("--epochs") { Description = "Passes over the data.", DefaultValueFactory = _ => 1 };
        var lr = new Option<double>("--lr") { Description = "Peak learning rate.", DefaultValueFactory = _ => 2e-5 };
        var batchRows = new Option<int>("--batch-rows") { Description = "Rows per micro-batch (packed, no padding).", DefaultValueFactory = _ => 4 };
        var accumulation = new Option<int>("--accumulation") { Description = "Micro-batches per optimiser step.", DefaultValueFactory = _ => 1 };
        var maxLength = new Option<int>("--max-length") { Description = "Tokens kept per row (first n, as HF truncation).", DefaultValueFactory = _ => 512 };
        var warmup = new Option<double>("--warmup-ratio") { Description = "Fraction of steps spent warming up linearly from 0.", DefaultValueFactory = _ => 0.03 };
        var schedule = new Option<string>("--schedule") { Description = "Decay after warm-up: constant, linear or cosine.", DefaultValueFactory = _ => "cosine" };
        var weightDecay = new Option<double>("--weight-decay") { Description = "AdamW decoupled weight decay (not applied to biases and norm weights).", DefaultValueFactory = _ => 0.0 };
        var clip = new Option<double>("--max-grad-norm") { Description = "Global gradient-norm clip; 0 turns it off.", DefaultValueFactory = _ => 1.0 };
        var checkpointEvery = new Option<int>("--checkpoint-every") { Description = "Optimiser steps between checkpoints (0: final model only).", DefaultValueFactory = _ => 50 };
        var threads = new Option<int>("--threads") { Description = "Worker threads.", DefaultValueFactory = _ => Environment.ProcessorCount };
        var lora = new Option<string?>("--lora") { Description = "Train LoRA adapters on the frozen model instead of every weight, as PEFT: r=8,alpha=16,targets=q_proj,v_proj (GPT-2: targets=c_attn). Writes a PEFT adapter folder unless --lora-merge." };
        var loraMerge = new Option<bool>("--lora-merge") { Description = "With --lora: write the model with the adapters merged into its weights instead of the adapter folder." };
        var seed = CommonOptions.Seed();
        var format = CommonOptions.Format();
        var onError = CommonOptions.OnError();
        var maxRow = CommonOptions.MaxRowMegabytes();
        var command = new Command("lm", """
            Fine-tunes a causal LM, Alpaca style: prompt template + response + EOS, loss on the response tokens only,
            AdamW with warm-up and cosine decay, float32 weights. Writes a Hugging Face folder that the scorers load.
            Examples:
              winnow train lm -m gpt2-folder --data pre_experience.json --template alpaca -o tuned --epochs 1 --lr 2e-5
              winnow train lm -m gpt2-folder --data rows.json -o adapter --lora r=8,alpha=16,targets=c_attn --lr 2e-4
            """)
        {
            model, data, output, template, epochs, lr, batchRows, accumulation, maxLength, warmup, schedule, weightDecay, clip,
            checkpointEvery, threads, seed, format, onError, maxRow, lora, loraMerge,
        };
        command.SetAction((parse, cancellationToken) =>
        {
            var path = parse.GetValue(data)!;
            var read = CommonOptions.ReadOptions(parse.GetValue(format), parse.GetValue(maxRow));
            var scan = PoolScan.Run(path, read, parse.GetValue(onError), null, cancellationToken);
            var modelFolder = parse.GetValue(model)!;
            var tokenizer = Tokenizer.Load(modelFolder);
            var built = AlpacaExamples.Build(scan.Rows(path, read), tokenizer, IfdTemplate.Parse(parse.GetValue(template)!), parse.GetValue(maxLength));
            var options = new TrainingOptions
            {
                Epochs = CommonOptions.AtLeastOne(parse.GetValue(epochs), "--epochs"),
                BatchRows = CommonOptions.AtLeastOne(parse.GetValue(batchRows), "--batch-rows"),
                AccumulationSteps = CommonOptions.AtLeastOne(parse.GetValue(accumulation), "--accumulation"),
                LearningRate = parse.GetValue(lr),
                WarmupRatio = parse.GetValue(warmup),
                Schedule = LearningRateSchedule.ParseKind(parse.GetValue(schedule)!),
                Optimizer = new AdamWSettings(WeightDecay: parse.GetValue(weightDecay)),
                MaxGradientNorm = parse.GetValue(clip),
                Seed = parse.GetValue(seed),
                CheckpointEvery = Math.Max(0, parse.GetValue(checkpointEvery)),
                Threads = CommonOptions.AtLeastOne(parse.GetValue(threads), "--threads"),
                Lora = parse.GetValue(lora) is { } loraText ? LoraSettings.Parse(loraText) : null,
                MergeLora = parse.GetValue(loraMerge),
            };
            if (options.MergeLora && options.Lora is null)
                throw new ArgumentException("--lora-merge needs --lora");
            var log = parse.InvocationConfiguration.Output;
            log.WriteLine($"{built.Examples.Count:N0} training rows, {built.Examples.Sum(e => e.Scored.Length):N0} response tokens in the loss");
            if (built.Skipped.Count > 0)
                log.WriteLine($"{built.Skipped.Count:N0} rows left out: their response starts after --max-length {parse.GetValue(maxLength)} (row indices {string.Join(", ", built.Skipped.Take(10))}{(built.Skipped.Count > 10 ? ", …" : "")})");
            if (scan.BadRows.Count > 0)
                log.WriteLine($"{scan.BadRows.Count:N0} bad rows skipped (--on-error skip)");
            var result = DecoderTrainer.Train(modelFolder, built.Examples, parse.GetValue(output)!, options, log, cancellationToken);
            log.WriteLine($"trained {result.TotalSteps} steps; final step loss {result.LastLoss:F4}; model written to {Path.GetFullPath(parse.GetValue(output)!)}");
            return Task.FromResult(ExitCodes.Ok);
        });
        return command;
    }
}

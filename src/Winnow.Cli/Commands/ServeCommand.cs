using System.CommandLine;
using Winnow.Serve;

namespace Winnow.Cli.Commands;

/// <summary><c>winnow serve</c>: an OpenAI/vLLM-compatible server over an in-process model, until Ctrl+C.</summary>
public static class ServeCommand
{
    public static Command Create()
    {
        var defaults = new ServeOptions();
        var model = new Option<string>("--model", "-m") { Description = "Hugging Face folder (config.json, model.safetensors, tokenizer.json) run by the managed engine.", Required = true };
        var host = new Option<string>("--host") { Description = "Interface to bind; loopback by default. 0.0.0.0 exposes the server to the network.", DefaultValueFactory = _ => defaults.Host };
        var port = new Option<int>("--port") { Description = "TCP port (0: any free port, printed at start).", DefaultValueFactory = _ => defaults.Port };
        var name = new Option<string?>("--served-model-name") { Description = "Model name in /v1/models and requests (default: the folder name)." };
        var maxBody = new Option<long>("--max-request-bytes") { Description = "Largest request body; larger ones get 413.", DefaultValueFactory = _ => defaults.MaxRequestBytes };
        var maxPrompts = new Option<int>("--max-prompts") { Description = "Most prompts or inputs in one request.", DefaultValueFactory = _ => defaults.MaxPromptsPerRequest };
        var maxConcurrency = new Option<int>("--max-concurrency") { Description = "Requests handled at once; more wait in the queue.", DefaultValueFactory = _ => defaults.MaxConcurrentRequests };
        var maxQueue = new Option<int>("--max-queue") { Description = "Requests waiting beyond --max-concurrency; more get 429 with Retry-After.", DefaultValueFactory = _ => defaults.MaxQueuedRequests };
        var batchRows = new Option<int>("--max-batch-rows") { Description = "Most sequences batched into one forward pass.", DefaultValueFactory = _ => defaults.MaxBatchRows };
        var batchTokens = new Option<int>("--max-batch-tokens") { Description = "Most tokens in one forward pass.", DefaultValueFactory = _ => defaults.MaxBatchTokens };
        var distributions = new Option<int>("--max-distribution-positions") { Description = "Most full vocabulary rows held at once for top-k log-probs (memory bound).", DefaultValueFactory = _ => defaults.MaxDistributionPositions };
        var topK = new Option<int>("--max-top-logprobs") { Description = "Largest logprobs / prompt_logprobs / top_logprobs.", DefaultValueFactory = _ => defaults.MaxTopLogProbs };
        var chatTokens = new Option<int>("--max-chat-tokens") { Description = "Longest chat reply (greedy).", DefaultValueFactory = _ => defaults.MaxChatTokens };
        var command = new Command("serve", """
            Serve a model over the OpenAI/vLLM HTTP protocol: /v1/completions (prompt_logprobs, echo + logprobs,
            max_tokens 0-1), /v1/chat/completions (greedy), /v1/embeddings, /tokenize, /detokenize, /v1/models,
            /health. Concurrent requests are batched into shared forward passes. Stop with Ctrl+C.
            Examples:
              winnow serve --model /models/gpt2 --port 8000
              winnow score data.jsonl -s ifd --param backend=http --param server=http://127.0.0.1:8000 --param model=/models/gpt2 -o scores.jsonl
            """)
        {
            model, host, port, name, maxBody, maxPrompts, maxConcurrency, maxQueue, batchRows, batchTokens, distributions, topK, chatTokens,
        };
        command.SetAction(async (parse, cancellationToken) =>
        {
            var options = new ServeOptions
            {
                Host = parse.GetValue(host)!,
                Port = parse.GetValue(port),
                ServedModelName = parse.GetValue(name),
                MaxRequestBytes = parse.GetValue(maxBody),
                MaxPromptsPerRequest = parse.GetValue(maxPrompts),
                MaxConcurrentRequests = parse.GetValue(maxConcurrency),
                MaxQueuedRequests = parse.GetValue(maxQueue),
                MaxBatchRows = parse.GetValue(batchRows),
                MaxBatchTokens = parse.GetValue(batchTokens),
                MaxDistributionPositions = parse.GetValue(distributions),
                MaxTopLogProbs = parse.GetValue(topK),
                MaxChatTokens = parse.GetValue(chatTokens),
            };
            options.Validate();
            var served = ServedModel.Load(parse.GetValue(model)!, options.ServedModelName);
            await using var server = await WinnowServer.Start(served, options, cancellationToken);
            var output = parse.InvocationConfiguration.Output;
            await output.WriteLineAsync($"serving '{served.Name}' (context {served.MaxContext}) at {server.Address} — Ctrl+C stops");
            await output.FlushAsync(cancellationToken);
            try
            {
                await Task.Delay(Timeout.Infinite, cancellationToken);
            }
            catch (OperationCanceledException)
            {
                await output.WriteLineAsync($"stopped after {server.ForwardPasses:N0} forward passes carrying {server.Sequences:N0} sequences");
            }
            return ExitCodes.Ok;
        });
        return command;
    }
}

using System.Diagnostics;
using Winnow.Models.Decoders;
using Winnow.Models.Training;
using Winnow.Tensors;

using static Winnow.Bench.Models.RandomGpt2Small;

namespace Winnow.Bench.Training;

/// <summary>
/// Training throughput on GPT-2-small shapes (random weights built in memory): one optimiser step = forward +
/// backward + AdamW update over a batch of 4 rows × 256 tokens with every next-token position in the loss (the
/// workload of bench/peers/training/gpt2_train_peer.py, the PyTorch 1.13 peer to run in the same sitting).
/// Prints each step's wall and CPU time, the median, and tokens/s. Usage: timing train-gpt2-small [threads=2] [timed steps=3].
/// </summary>
public static class Gpt2SmallTrainingTiming
{
    private const int Rows = 4, Length = 256;

    [TimingCommand("train-gpt2-small")]
    public static int Run(string[] args)
    {
        var threads = args.Length > 0 ? int.Parse(args[0]) : 2;
        var timed = args.Length > 1 ? int.Parse(args[1]) : 3;
        Gemm.MaxDegreeOfParallelism = threads;
        Console.WriteLine($"GEMM backend {Gemm.Backend}, {threads} threads, {Environment.ProcessorCount} logical CPUs");
        var spec = DecoderSpec.FromConfig(Config());
        var model = new TrainableDecoder(spec, DecoderWeights.Load(spec, Weights()), threads);
        var optimizer = new AdamW(model.Parameters, new AdamWSettings(WeightDecay: 0.01), t => !t.IsVector, threads);
        var gradients = model.NewGradients();
        var random = new Random(7);
        var batch = Enumerable.Range(0, Rows).Select(_ => Enumerable.Range(0, Length).Select(_ => random.Next(Vocab)).ToArray()).ToList();
        var scored = Enumerable.Repeat(Enumerable.Range(1, Length - 1).ToArray(), Rows).ToList();
        var count = Rows * (Length - 1);
        double Step()
        {
            gradients.Clear();
            var loss = model.Backpropagate(batch, scored, 1f / count, gradients) / count;
            optimizer.Update(gradients, 1e-4);
            return loss;
        }
        Console.WriteLine($"warm-up step loss {Step():F4}");
        var seconds = new List<double>();
        var process = Process.GetCurrentProcess();
        for (var i = 0; i < timed; i++)
        {
            process.Refresh();
            var cpu = process.TotalProcessorTime;
            var watch = Stopwatch.StartNew();
            var loss = Step();
            seconds.Add(watch.Elapsed.TotalSeconds);
            process.Refresh();
            Console.WriteLine($"step {i + 1}: {seconds[^1]:F2} s wall, {(process.TotalProcessorTime - cpu).TotalSeconds:F2} s CPU, loss {loss:F4}");
        }
        var median = seconds.Order().ElementAt(seconds.Count / 2);
        Console.WriteLine($"median {median:F2} s per step → {Rows * Length / median:F0} tokens/s (forward + backward + AdamW, {Rows}×{Length})");
        return 0;
    }
}

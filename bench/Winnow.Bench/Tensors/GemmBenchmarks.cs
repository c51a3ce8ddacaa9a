using BenchmarkDotNet.Attributes;
using BenchmarkDotNet.Configs;
using BenchmarkDotNet.Jobs;
using BenchmarkDotNet.Toolchains.InProcess.Emit;
using Winnow.Tensors;

namespace Winnow.Bench.Tensors;

/// <summary>
/// SGEMM throughput: <c>dotnet run -c Release --project bench/Winnow.Bench -- --filter '*Gemm*'</c>. Shape
/// "MxNxK" is C[m×n] = A[m×k]·B; suffix <c>t</c> stores B as [n×k] (HF Linear weight, packed per call),
/// <c>p</c> uses a B pre-packed once by <see cref="Gemm.PackB"/>. The GFLOP/s column is 2·m·n·k / median.
/// The target is 2048×2048×2048 on 2 threads ≥ 85 GFLOP/s; the other shapes are GPT-2-small layers at
/// 2,048 tokens (attention/MLP projections) and its LM head over 1,024 positions.
/// </summary>
[Config(typeof(Config))]
public class GemmBenchmarks
{
    private float[] _a = [];
    private float[] _b = [];
    private float[] _c = [];
    private PackedMatrix? _packed;
    private int _m, _n, _k;

    [Params("2048x2048x2048", "2048x768x768", "2048x3072x768", "2048x768x3072t", "1024x50257x768t", "1024x50257x768p")]
    public string Shape { get; set; } = "";

    [Params(2, 1)]
    public int Threads { get; set; }

    [GlobalSetup]
    public void Setup()
    {
        var dims = Shape.TrimEnd('t', 'p').Split('x').Select(int.Parse).ToArray();
        (_m, _n, _k) = (dims[0], dims[1], dims[2]);
        var rng = new Random(1);
        _a = Enumerable.Range(0, _m * _k).Select(_ => rng.NextSingle() - 0.5f).ToArray();
        _b = Enumerable.Range(0, _n * _k).Select(_ => rng.NextSingle() - 0.5f).ToArray();
        _c = new float[_m * _n];
        _packed = Shape.EndsWith('p') ? Gemm.PackB(_b, _n, _k, bTransposed: true) : null;
        Gemm.MaxDegreeOfParallelism = Threads;
    }

    [Benchmark]
    public void Sgemm()
    {
        if (_packed is not null)
            Gemm.Multiply(_a, _packed, _c, _m);
        else
            Gemm.Multiply(_a, _b, _c, _m, _n, _k, bTransposed: Shape.EndsWith('t'));
    }

    /// <summary>
    /// Each call takes 10 ms to 1 s, so one invocation per iteration and a short run keep the suite usable. In
    /// process: on the shared 2-core machine, building BenchmarkDotNet's out-of-process boilerplate project
    /// overran its 2-minute build timeout, and a GEMM this long gains nothing from process isolation.
    /// </summary>
    private sealed class Config : ManualConfig
    {
        public Config()
        {
            AddJob(Job.Default.WithWarmupCount(2).WithIterationCount(7).WithInvocationCount(1).WithUnrollFactor(1)
                .WithToolchain(InProcessEmitToolchain.Instance));
            AddColumn(new GflopsColumn());
        }
    }
}

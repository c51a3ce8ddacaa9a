using System.Diagnostics;
using Winnow.Pipeline;
using YamlDotNet.RepresentationModel;

namespace Winnow.Tests.Cli;

/// <summary>
/// The job scripts of docs/cluster, run as a scheduler would run them but on one machine: a simulated 4-way split (the
/// scheduler's index variable set per task), then the merge + select step; the final selection must be the unsharded
/// run's, byte for byte. <c>winnow</c> on the PATH is the CLI built beside the tests.
/// </summary>
public sealed class ClusterScriptTests : IDisposable
{
    private const int Shards = 4;
    private readonly string _dir = Directory.CreateTempSubdirectory("winnow-cluster-").FullName;
    private readonly string _bin;

    public ClusterScriptTests()
    {
        _bin = Path.Combine(_dir, "bin");
        Directory.CreateDirectory(_bin);
        var wrapper = Path.Combine(_bin, "winnow");
        File.WriteAllText(wrapper, $"#!/bin/sh\nexec dotnet \"{Path.Combine(AppContext.BaseDirectory, "Winnow.Cli.dll")}\" \"$@\"\n");
        // The scripts are bash and sh: the test, like the schedulers it stands in for, runs on Unix.
        if (!OperatingSystem.IsWindows())
            File.SetUnixFileMode(wrapper, UnixFileMode.UserRead | UnixFileMode.UserWrite | UnixFileMode.UserExecute);
    }

    public void Dispose() => Directory.Delete(_dir, recursive: true);

    private static string Script(string name) => Path.Combine(TestPaths.RepoRoot, "docs", "cluster", name);

    [Fact]
    public void SlurmArrayTasksThenTheSelectJobGiveTheUnshardedSelection()
    {
        var (pool, whole) = Unsharded();
        var output = Path.Combine(_dir, "slurm", "subset.json");
        for (var task = 0; task < Shards; task++)
            Run("bash", [Script("slurm-shard.sbatch")], pool, output, new() { ["SLURM_ARRAY_TASK_ID"] = $"{task}", ["SLURM_ARRAY_TASK_COUNT"] = $"{Shards}" });
        Run("bash", [Script("slurm-select.sbatch")], pool, output, new() { ["SHARDS"] = $"{Shards}" });
        AssertSameSelection(whole, output);
    }

    [Fact]
    public void KubernetesIndexedJobThenTheSelectJobGiveTheUnshardedSelection()
    {
        var (pool, whole) = Unsharded();
        var output = Path.Combine(_dir, "k8s", "subset.json");
        var (shardScript, shardEnv) = Container(Script("k8s-shards.yaml"));
        Assert.Equal($"{Shards}", shardEnv["SHARDS"]);
        for (var index = 0; index < Shards; index++)
            Run("sh", ["-c", shardScript], pool, output, new() { ["JOB_COMPLETION_INDEX"] = $"{index}", ["SHARDS"] = $"{Shards}" });
        var (selectScript, _) = Container(Script("k8s-select.yaml"));
        Run("sh", ["-c", selectScript], pool, output, new() { ["SHARDS"] = $"{Shards}" });
        AssertSameSelection(whole, output);
    }

    /// <summary>A demo pool with planted duplicates, and the unsharded default run over it.</summary>
    private (string Pool, string Whole) Unsharded()
    {
        var pool = Path.Combine(_dir, "pool.json");
        DemoDataset.Write(pool, 120, seed: 9);
        var whole = Path.Combine(_dir, "whole.json");
        var result = CliRunner.Run("select", pool, "-n", "12", "-o", whole, "--on-error", "skip");
        Assert.True(result.ExitCode == 0, result.Error);
        return (pool, whole);
    }

    private static void AssertSameSelection(string whole, string output)
    {
        Assert.Equal(File.ReadAllBytes(whole), File.ReadAllBytes(output));
        Assert.Equal(File.ReadAllBytes(whole + ".decisions.jsonl"), File.ReadAllBytes(output + ".decisions.jsonl"));
    }

    /// <summary>The shell script and the env defaults of the manifest's one container.</summary>
    private static (string Script, Dictionary<string, string> Env) Container(string manifest)
    {
        var yaml = new YamlStream();
        using (var reader = new StreamReader(manifest))
            yaml.Load(reader);
        var root = (YamlMappingNode)yaml.Documents[0].RootNode;
        var container = (YamlMappingNode)((YamlSequenceNode)Map(Map(Map(root, "spec"), "template"), "spec")["containers"])[0];
        Assert.Equal(["/bin/sh", "-c"], ((YamlSequenceNode)container["command"]).Select(n => ((YamlScalarNode)n).Value!));
        var env = ((YamlSequenceNode)container["env"]).Cast<YamlMappingNode>()
            .ToDictionary(e => ((YamlScalarNode)e["name"]).Value!, e => ((YamlScalarNode)e["value"]).Value!);
        return (((YamlScalarNode)((YamlSequenceNode)container["args"])[0]).Value!, env);
    }

    private static YamlMappingNode Map(YamlMappingNode node, string key) => (YamlMappingNode)node[key];

    private void Run(string shell, string[] args, string pool, string output, Dictionary<string, string> env)
    {
        var info = new ProcessStartInfo(shell) { RedirectStandardOutput = true, RedirectStandardError = true, UseShellExecute = false };
        foreach (var arg in args)
            info.ArgumentList.Add(arg);
        info.Environment["PATH"] = _bin + ":" + Environment.GetEnvironmentVariable("PATH");
        info.Environment["POOL"] = pool;
        info.Environment["OUT"] = output;
        info.Environment["BUDGET"] = "12";
        // The demo pool holds rows with an empty field, as real pools do.
        info.Environment["SELECT_ARGS"] = "--on-error skip";
        foreach (var (key, value) in env)
            info.Environment[key] = value;
        using var process = Process.Start(info)!;
        var stdout = process.StandardOutput.ReadToEndAsync();
        var stderr = process.StandardError.ReadToEndAsync();
        Assert.True(process.WaitForExit(180_000), "the script did not end");
        Assert.True(process.ExitCode == 0, $"{string.Join(' ', args)} with {string.Join(' ', env.Select(e => e.Key + "=" + e.Value))} failed:\n{stdout.Result}\n{stderr.Result}");
    }
}

using System.Text.Json;
using Winnow.Backends;
using Winnow.Models.Gguf;

namespace Winnow.Bench.Backends;

/// <summary>
/// Writes llama.cpp's token log-probabilities of a causal-LM fixture's expected.json cases (the fixture converted to an
/// f32 GGUF, precision exact, each case its own row) as a JSON list of lists, for bench/peers/gguf/gpt2_gelu_table.py.
/// Usage: timing gguf-logprobs &lt;fixture, e.g. gpt2-tiny&gt; OUT.json
/// </summary>
public static class GgufLogProbs
{
    [TimingCommand("gguf-logprobs")]
    public static int Run(string[] args)
    {
        var folder = Path.Combine(Neural.IfdTiming.SharedFolder(), "fixtures", args[0]);
        var gguf = Path.Combine(Directory.CreateTempSubdirectory("winnow-gguf-").FullName, args[0] + ".f32.gguf");
        GgufConverter.Convert(folder, gguf, GgmlType.F32);
        using var backend = ModelBackends.Open(new BackendOptions("bench", gguf, BackendKind.LlamaCpp, null, BackendPrecision.Exact, 0, 2));
        using var expected = JsonDocument.Parse(File.ReadAllText(Path.Combine(folder, "expected.json")));
        var rows = expected.RootElement.GetProperty("cases").EnumerateArray()
            .Select(c => c.GetProperty("ids").EnumerateArray().Select(x => x.GetInt32()).ToArray()).ToArray();
        var logProbs = backend.TokenLogProbs(rows, rows.Select(r => (1, r.Length)).ToArray());
        File.WriteAllText(args[1], JsonSerializer.Serialize(logProbs));
        Directory.Delete(Path.GetDirectoryName(gguf)!, recursive: true);
        return 0;
    }
}

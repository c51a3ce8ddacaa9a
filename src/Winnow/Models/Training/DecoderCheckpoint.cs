using System.Text.Json;
using Winnow.Models.SafeTensors;

namespace Winnow.Models.Training;

/// <summary>
/// A training checkpoint as a Hugging Face folder: <c>model.safetensors</c> (float32, HF names), the source's
/// <c>config.json</c> and tokenizer files, plus <c>optimizer.safetensors</c> (AdamW moments by tensor name) and
/// <c>trainer_state.json</c> (steps done and the run's fingerprint). The state file is written last, so a folder
/// without it is an interrupted write and is ignored; both inference backends load the folder as a model.
/// </summary>
internal static class DecoderCheckpoint
{
    public const string StateFile = "trainer_state.json";
    public const string OptimizerFile = "optimizer.safetensors";
    private const string Prefix = "checkpoint-";

    /// <summary>Files a model folder carries besides its weights, copied into every checkpoint when present.</summary>
    private static readonly string[] Companions =
        ["config.json", "generation_config.json", "tokenizer.json", "tokenizer_config.json", "special_tokens_map.json", "vocab.json", "merges.txt", "tokenizer.model"];

    public sealed record State(int Step, int TotalSteps, string Fingerprint);

    /// <summary>Weights + config + tokenizer: a loadable model folder.</summary>
    public static void WriteModel(string folder, string sourceFolder, IReadOnlyList<TrainableTensor> tensors)
    {
        Directory.CreateDirectory(folder);
        Float32SafetensorsWriter.Write(Path.Combine(folder, ModelDirectory.SingleFileName),
            tensors.Select(t => (t.Name, t.Shape, (ReadOnlyMemory<float>)t.Data.AsMemory(t.Offset, t.Length))));
        foreach (var name in Companions)
        {
            var source = Path.Combine(sourceFolder, name);
            if (File.Exists(source) && Path.GetFullPath(source) != Path.GetFullPath(Path.Combine(folder, name)))
                File.Copy(source, Path.Combine(folder, name), overwrite: true);
        }
    }

    /// <param name="writeWeights">Writes the trained weights into a folder: the whole model, or a LoRA adapter folder.</param>
    public static string Write(string outputFolder, Action<string> writeWeights, IReadOnlyList<TrainableTensor> tensors, AdamW optimizer, State state)
    {
        var folder = Path.Combine(outputFolder, Prefix + state.Step);
        writeWeights(folder);
        WriteOptimizer(folder, tensors, optimizer);
        var temporary = Path.Combine(folder, StateFile + ".partial");
        File.WriteAllText(temporary, JsonSerializer.Serialize(state));
        File.Move(temporary, Path.Combine(folder, StateFile), overwrite: true);
        // Only the newest complete checkpoint is needed to resume.
        foreach (var older in Complete(outputFolder).Where(c => c.Step < state.Step))
            Directory.Delete(older.Folder, recursive: true);
        return folder;
    }

    /// <summary>AdamW's moments by tensor name (<c>&lt;name&gt;.exp_avg</c>, <c>&lt;name&gt;.exp_avg_sq</c>) in <see cref="OptimizerFile"/>.</summary>
    public static void WriteOptimizer(string folder, IReadOnlyList<TrainableTensor> tensors, AdamW optimizer) =>
        Float32SafetensorsWriter.Write(Path.Combine(folder, OptimizerFile), tensors.SelectMany(t =>
        {
            var (m, v) = optimizer.Moments(t.Data);
            return new[]
            {
                (t.Name + ".exp_avg", t.Shape, (ReadOnlyMemory<float>)m.AsMemory(t.Offset, t.Length)),
                (t.Name + ".exp_avg_sq", t.Shape, (ReadOnlyMemory<float>)v.AsMemory(t.Offset, t.Length)),
            };
        }));

    /// <summary>The newest complete checkpoint under the output folder, or null.</summary>
    public static (string Folder, State State)? Latest(string outputFolder) =>
        Complete(outputFolder).OrderByDescending(c => c.Step).Select(c => ((string, State)?)(c.Folder, Read(c.Folder))).FirstOrDefault();

    public static void RestoreOptimizer(string folder, IReadOnlyList<TrainableTensor> tensors, AdamW optimizer, int step)
    {
        using var file = SafetensorsFile.Open(Path.Combine(folder, OptimizerFile));
        foreach (var t in tensors)
        {
            var (m, v) = optimizer.Moments(t.Data);
            file.ReadSingle(t.Name + ".exp_avg").CopyTo(m, t.Offset);
            file.ReadSingle(t.Name + ".exp_avg_sq").CopyTo(v, t.Offset);
        }
        optimizer.Restore(step);
    }

    private static State Read(string folder)
    {
        var path = Path.Combine(folder, StateFile);
        return JsonSerializer.Deserialize<State>(File.ReadAllText(path))
            ?? throw new InvalidDataException($"{path}: empty trainer state");
    }

    private static IEnumerable<(string Folder, int Step)> Complete(string outputFolder)
    {
        if (!Directory.Exists(outputFolder))
            yield break;
        foreach (var dir in Directory.EnumerateDirectories(outputFolder, Prefix + "*"))
        {
            if (int.TryParse(Path.GetFileName(dir)[Prefix.Length..], out var step) && File.Exists(Path.Combine(dir, StateFile)))
                yield return (dir, step);
        }
    }
}

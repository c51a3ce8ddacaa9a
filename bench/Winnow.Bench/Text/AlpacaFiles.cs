using System.Text.Json;
using Winnow.Data;

namespace Winnow.Bench.Text;

/// <summary>
/// Minimal Alpaca JSON array reader for the text benchmarks (instruction / input / output), so they do not depend on
/// the library's readers, which are written in parallel; rows keep their index within the combined pool.
/// </summary>
internal static class AlpacaFiles
{
    public static string DataDirectory()
    {
        var dir = new DirectoryInfo(AppContext.BaseDirectory);
        while (dir is not null && !File.Exists(Path.Combine(dir.FullName, "Winnow.slnx")))
            dir = dir.Parent;
        var root = dir?.FullName ?? throw new InvalidOperationException("cannot find Winnow.slnx above " + AppContext.BaseDirectory);
        return Path.GetFullPath(Path.Combine(root, "..", "shared", "data"));
    }

    public static List<Sample> Read(params string[] fileNames)
    {
        var rows = new List<Sample>();
        foreach (var name in fileNames)
        {
            using var document = JsonDocument.Parse(File.ReadAllBytes(Path.Combine(DataDirectory(), name)));
            foreach (var element in document.RootElement.EnumerateArray())
                rows.Add(Make(rows.Count, Field(element, "instruction"), Field(element, "input"), Field(element, "output")));
        }
        return rows;
    }

    public static Sample Make(long index, string instruction, string input, string output)
    {
        var prompt = input.Length == 0 ? instruction : instruction + "\n\n" + input;
        return new Sample(index, [new Turn(Role.User, prompt), new Turn(Role.Assistant, output)], instruction, input, output);
    }

    private static string Field(JsonElement element, string name) =>
        element.TryGetProperty(name, out var value) && value.ValueKind == JsonValueKind.String ? value.GetString()! : "";
}

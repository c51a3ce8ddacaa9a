using System.Text.Json;
using Winnow.Data;

namespace Winnow.Tests.Text;

/// <summary>The first rows of an Alpaca JSON file from ../shared/data, for smoke tests on real text.</summary>
internal static class SharedAlpacaSlice
{
    public static List<Sample> Read(string file, int rows)
    {
        using var document = JsonDocument.Parse(File.ReadAllBytes(TestPaths.Data(file)));
        return document.RootElement.EnumerateArray().Take(rows).Select((e, i) =>
        {
            string F(string name) => e.TryGetProperty(name, out var v) ? v.GetString() ?? "" : "";
            var prompt = F("input").Length == 0 ? F("instruction") : F("instruction") + "\n\n" + F("input");
            return new Sample(i, [new Turn(Role.User, prompt), new Turn(Role.Assistant, F("output"))], F("instruction"), F("input"), F("output"));
        }).ToList();
    }
}

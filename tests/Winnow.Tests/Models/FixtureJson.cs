using System.Text.Json;

namespace Winnow.Tests.Models;

/// <summary>Reads expected.json values of the model fixtures.</summary>
internal static class FixtureJson
{
    public static JsonElement Load(string model)
    {
        using var doc = JsonDocument.Parse(File.ReadAllText(TestPaths.Fixture(model, "expected.json")));
        return doc.RootElement.Clone();
    }

    public static int[] Ints(this JsonElement e) => e.EnumerateArray().Select(x => x.GetInt32()).ToArray();

    public static float[] Floats(this JsonElement e) => e.EnumerateArray().Select(x => (float)x.GetDouble()).ToArray();

    public static float[][] FloatRows(this JsonElement e) => e.EnumerateArray().Select(Floats).ToArray();

    /// <summary>Rows of a right-padded batch with the pads (mask 0) removed, through the library helper.</summary>
    public static int[][] UnpaddedRows(JsonElement batched) => Winnow.Models.Batching.FromRightPadded(
        batched.GetProperty("input_ids").EnumerateArray().Select(Ints).ToArray(),
        batched.GetProperty("attention_mask").EnumerateArray().Select(Ints).ToArray());
}

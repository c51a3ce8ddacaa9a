using System.Text.Encodings.Web;
using System.Text.Json;

namespace Winnow.Data;

/// <summary>
/// Writes samples as a new Alpaca or ShareGPT dataset (synthetic demo data, converted sets), one compact
/// object per line, as a JSON array or JSON lines; <c>.gz</c> compresses; the file appears atomically.
/// Non-ASCII text is written as is, not as <c>\u</c> escapes, so the file stays readable.
/// </summary>
public static class SampleFileWriter
{
    private static readonly JsonWriterOptions JsonOptions = new() { Encoder = JavaScriptEncoder.UnsafeRelaxedJsonEscaping };

    /// <summary>Alpaca rows <c>{"instruction", "input", "output"}</c>.</summary>
    /// <exception cref="ArgumentException">A sample is not one user turn followed by one assistant turn.</exception>
    public static void WriteAlpaca(string path, IEnumerable<Sample> samples, DatasetLayout layout = DatasetLayout.JsonArray) =>
        Write(path, samples, layout, static (json, sample) =>
        {
            if (sample.Turns.Count != 2 || sample.Turns[0].Role != Role.User || sample.Turns[1].Role != Role.Assistant)
                throw new ArgumentException($"sample {sample.Id} has turns [{string.Join(", ", sample.Turns.Select(t => t.Role))}], expected [User, Assistant]: Alpaca holds one exchange; write it as ShareGPT", nameof(samples));
            json.WriteString("instruction", sample.Instruction);
            json.WriteString("input", sample.Input);
            json.WriteString("output", sample.Response);
        });

    /// <summary>ShareGPT rows <c>{"conversations": [{"from": "system"|"human"|"gpt", "value"}]}</c> with every turn.</summary>
    public static void WriteShareGpt(string path, IEnumerable<Sample> samples, DatasetLayout layout = DatasetLayout.JsonArray) =>
        Write(path, samples, layout, static (json, sample) =>
        {
            json.WriteStartArray("conversations");
            foreach (var turn in sample.Turns)
            {
                json.WriteStartObject();
                json.WriteString("from", turn.Role switch { Role.System => "system", Role.User => "human", _ => "gpt" });
                json.WriteString("value", turn.Text);
                json.WriteEndObject();
            }
            json.WriteEndArray();
        });

    private static void Write(string path, IEnumerable<Sample> samples, DatasetLayout layout, Action<Utf8JsonWriter, Sample> fields)
    {
        using var output = AtomicOutput.Create(path);
        var stream = output.Stream;
        var json = new Utf8JsonWriter(stream, JsonOptions);
        var first = true;
        if (layout == DatasetLayout.JsonArray)
            stream.Write("["u8);
        foreach (var sample in samples)
        {
            if (layout == DatasetLayout.JsonArray)
                stream.Write(first ? "\n"u8 : ",\n"u8);
            first = false;
            json.WriteStartObject();
            fields(json, sample);
            json.WriteEndObject();
            json.Flush();
            json.Reset();
            if (layout == DatasetLayout.JsonLines)
                stream.WriteByte((byte)'\n');
        }
        if (layout == DatasetLayout.JsonArray)
            stream.Write(first ? "]\n"u8 : "\n]\n"u8);
        json.Dispose(); // flushes into the stream before the commit closes it
        output.Commit();
    }
}

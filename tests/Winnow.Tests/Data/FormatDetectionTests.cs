using Winnow.Data;

namespace Winnow.Tests.Data;

public class FormatDetectionTests
{
    [Theory]
    [InlineData("""[{"instruction": "a", "output": "b"}]""", DatasetLayout.JsonArray, DatasetFormat.Alpaca)]
    [InlineData("""{"instruction": "a", "output": "b"}""", DatasetLayout.JsonLines, DatasetFormat.Alpaca)]
    [InlineData("""  [ {"conversations": []} ]""", DatasetLayout.JsonArray, DatasetFormat.ShareGpt)]
    [InlineData("""{"messages": []}""", DatasetLayout.JsonLines, DatasetFormat.OpenAiMessages)]
    [InlineData("""{"prompt": "a", "completion": "b"}""", DatasetLayout.JsonLines, DatasetFormat.PromptCompletion)]
    [InlineData("\uFEFF\n\n[{\"instruction\": \"a\", \"output\": \"b\"}]", DatasetLayout.JsonArray, DatasetFormat.Alpaca)]
    [InlineData("not json\n{\"instruction\": \"a\", \"output\": \"b\"}", null, null)]
    public void DetectsLayoutFromTheFirstByteAndFormatFromTheFirstObjectRow(string text, DatasetLayout? layout, DatasetFormat? format)
    {
        using var dir = new TempDir();
        var path = dir.Write("d.data", text);
        if (layout is null)
        {
            var e = Assert.Throws<DatasetFormatException>(() => DatasetReader.Detect(path));
            Assert.Equal(1, e.Line);
            Assert.Contains("expected '[' (a JSON array of rows) or '{' (one JSON object per line) as the first character, found 'n'", e.Message);
            return;
        }
        Assert.Equal(new DatasetShape(layout.Value, format!.Value, false), DatasetReader.Detect(path));
    }

    [Fact]
    public void DetectionSkipsRowsThatAreNotObjects()
    {
        using var dir = new TempDir();
        var path = dir.Write("d.jsonl", "{broken\n[1]\n{\"prompt\": \"a\", \"completion\": \"b\"}\n");

        Assert.Equal(DatasetFormat.PromptCompletion, DatasetReader.Detect(path).Format);
        var rows = TempDir.ReadAll(path);
        Assert.Equal([false, false, true], rows.Select(r => r.IsSuccess));
        Assert.Equal("the row is an array, expected a JSON object", rows[1].Error!.Message);
    }

    [Fact]
    public void ExplicitFormatOverridesDetection()
    {
        using var dir = new TempDir();
        // Detected as Alpaca (has "instruction"), but the user says these are prompt/completion rows.
        var path = dir.Write("d.jsonl", """{"instruction": "ignored", "prompt": "P", "completion": "C"}""");
        var options = new DatasetReadOptions { Format = DatasetFormat.PromptCompletion };

        Assert.Equal(DatasetFormat.PromptCompletion, DatasetReader.Detect(path, options).Format);
        Assert.Equal("C", Assert.Single(TempDir.Samples(path, options)).Response);
        Assert.Equal("output", TempDir.SingleError(path).Field);
    }

    [Fact]
    public void UnknownKeysAreAWholeFileErrorNamingTheRow()
    {
        using var dir = new TempDir();
        var path = dir.Write("d.jsonl", "\n{\"question\": \"a\", \"answer\": \"b\"}\n");

        var e = Assert.Throws<DatasetFormatException>(() => TempDir.ReadAll(path));
        Assert.Equal((2L, 0L), (e.Line, e.Index!.Value));
        Assert.Contains("cannot detect the dataset format from this row's keys [question, answer]", e.Message);
    }

    [Fact]
    public void EmptyFileHasNoRowsAndNoDetectableFormat()
    {
        using var dir = new TempDir();
        var path = dir.Write("d.json", " \n ");

        Assert.Empty(TempDir.ReadAll(path));
        Assert.Contains("the file is empty", Assert.Throws<DatasetFormatException>(() => DatasetReader.Detect(path)).Message);
    }
}

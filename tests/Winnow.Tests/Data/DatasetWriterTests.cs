using System.Text;
using Winnow.Data;

namespace Winnow.Tests.Data;

public class DatasetWriterTests
{
    // Odd spacing, \u escapes, a raw non-ASCII character, key order and extra fields must all survive.
    private static readonly string[] Elements =
    [
        """{ "instruction" :"caf\u00e9",  "input":"", "output" : "A0" ,"extra":[1, 2.50, null]}""",
        "{\n        \"instruction\": \"Q1\",\n        \"output\": \"\\\"quoted\\\" and \\\\ backslash\"\n    }",
        """{"output":"A2","instruction":"Zürich \ud83d\ude00","score":1e-3}""",
    ];

    [Fact]
    public void JsonArrayRoundTripKeepsElementBytesAndIndentation()
    {
        using var dir = new TempDir();
        var input = dir.Write("in.json", "[\n    " + string.Join(" ,\n    ", Elements) + "\n  ]\n");

        var output = dir.File("out.json");
        DatasetWriter.WriteSelected(input, [2, 0], output);

        Assert.Equal(Encoding.UTF8.GetBytes("[\n    " + Elements[2] + ",\n    " + Elements[0] + "\n]\n"), File.ReadAllBytes(output));
        var samples = TempDir.Samples(output);
        Assert.Equal(["Zürich 😀", "café"], samples.Select(s => s.Instruction));
    }

    [Fact]
    public void JsonLinesRoundTripWritesOneRawRowPerLine()
    {
        using var dir = new TempDir();
        var lines = Elements.Select(e => e.Replace("\n", " ")).ToArray();
        var input = dir.Write("in.jsonl", "  " + lines[0] + "\r\n\n" + lines[1] + "\n" + lines[2]);

        var output = dir.File("out.jsonl");
        DatasetWriter.WriteSelected(input, [2, 0], output);

        Assert.Equal(lines[2] + "\n" + lines[0] + "\n", File.ReadAllText(output));
    }

    [Fact]
    public void SingleLineArrayAndGzipBothWays()
    {
        using var dir = new TempDir();
        var input = dir.Write("in.json.gz", "[" + string.Join(", ", Elements.Select(e => e.Replace("\n", " "))) + "]");

        var output = dir.File("out.json.gz");
        DatasetWriter.WriteSelected(input, [1], output);

        Assert.Equal(new byte[] { 0x1f, 0x8b }, File.ReadAllBytes(output)[..2]);
        Assert.Equal("[\n" + Elements[1].Replace("\n", " ") + "\n]\n", Encoding.UTF8.GetString(TempDir.ReadBytes(output)));
    }

    [Fact]
    public void EmptySelectionWritesAnEmptyDatasetOfTheSameLayout()
    {
        using var dir = new TempDir();
        var array = dir.Write("in.json", "[" + Elements[0] + "]");
        var lines = dir.Write("in.jsonl", Elements[0]);

        DatasetWriter.WriteSelected(array, [], dir.File("a.json"));
        DatasetWriter.WriteSelected(lines, [], dir.File("l.jsonl"));

        Assert.Equal("[]\n", File.ReadAllText(dir.File("a.json")));
        Assert.Equal("", File.ReadAllText(dir.File("l.jsonl")));
    }

    [Fact]
    public void BadSelectionFailsBeforeAnythingIsWrittenAndLeavesTheOldOutput()
    {
        using var dir = new TempDir();
        var input = dir.Write("in.json", "[" + string.Join(",", Elements) + "]");
        var output = dir.Write("out.json", "previous result");

        Assert.Contains("row 3 is selected but", Assert.Throws<ArgumentException>(() => DatasetWriter.WriteSelected(input, [0, 3], output)).Message);
        Assert.Contains("row 1 is selected twice", Assert.Throws<ArgumentException>(() => DatasetWriter.WriteSelected(input, [1, 1], output)).Message);
        Assert.Contains("expected a row index >= 0", Assert.Throws<ArgumentException>(() => DatasetWriter.WriteSelected(input, [-1], output)).Message);
        Assert.Contains("is the input file", Assert.Throws<ArgumentException>(() => DatasetWriter.WriteSelected(input, [0], input)).Message);

        Assert.Equal("previous result", File.ReadAllText(output));
        Assert.Equal(["in.json", "out.json"], dir.Entries());
    }

    [Fact]
    public void TruncatedInputFailsWithoutAPartialOutput()
    {
        using var dir = new TempDir();
        var input = dir.Write("in.json", "[" + Elements[0] + ",\n" + Elements[1][..20]);

        Assert.Throws<DatasetFormatException>(() => DatasetWriter.WriteSelected(input, [0], dir.File("out.json")));
        Assert.Equal(["in.json"], dir.Entries());
    }

    [Fact]
    public void FailureWhileWritingLeavesNoTemporaryFileAndTheTargetUntouched()
    {
        using var dir = new TempDir();
        var target = dir.File("out.jsonl.gz");
        File.WriteAllText(target, "old");

        Assert.Throws<ArgumentException>(() => SampleFileWriter.WriteAlpaca(target, Rows()));
        Assert.Equal("old", File.ReadAllText(target));
        Assert.Equal(["out.jsonl.gz"], dir.Entries());

        static IEnumerable<Sample> Rows()
        {
            yield return new Sample(0, [new Turn(Role.User, "Q"), new Turn(Role.Assistant, "A")], "Q", "", "A");
            // Three turns cannot be Alpaca: the writer throws after the first row went into the temporary file.
            yield return new Sample(1, [new Turn(Role.System, "S"), new Turn(Role.User, "Q"), new Turn(Role.Assistant, "A")], "Q", "", "A");
        }
    }

    [Fact]
    public void SelectingByIdChecksTheRowsAreStillTheOnesThatWereScored()
    {
        using var dir = new TempDir();
        var input = dir.Write("in.json", "[\n    " + string.Join(",\n    ", Elements) + "\n]");
        var ids = TempDir.Samples(input).Select(s => s.Id).ToArray();

        DatasetWriter.WriteSelectedIds(input, [ids[2], ids[0]], dir.File("out.json"));
        Assert.Equal("[\n    " + Elements[2] + ",\n    " + Elements[0] + "\n]\n", File.ReadAllText(dir.File("out.json")));

        // The same ids against an edited input: row 2's content changed, so its id no longer matches.
        var edited = dir.Write("edited.json", "[\n" + string.Join(",\n", Elements[0], Elements[1], Elements[2].Replace("A2", "B2")) + "\n]");
        var e = Assert.Throws<DatasetFormatException>(() => DatasetWriter.WriteSelectedIds(edited, [ids[2], ids[0]], dir.File("out2.json")));
        Assert.Equal((7L, 2L), (e.Line, e.Index!.Value)); // row 1 spans lines 3-6
        Assert.Contains($"expected the selected {ids[2]}: the input changed since the selection was made", e.Message);
        Assert.Contains("expected a row id '<index>-<hash>'", Assert.Throws<ArgumentException>(() => DatasetWriter.WriteSelectedIds(input, ["abc"], dir.File("out3.json"))).Message);
        Assert.False(File.Exists(dir.File("out2.json")));
    }

    [Fact]
    public void MissingOutputFolderIsNamed()
    {
        using var dir = new TempDir();
        var input = dir.Write("in.jsonl", Elements[0]);

        var e = Assert.Throws<DirectoryNotFoundException>(() => DatasetWriter.WriteSelected(input, [0], dir.File("no/such/out.jsonl")));
        Assert.Contains("the folder " + dir.File("no/such") + " does not exist", e.Message);
    }
}

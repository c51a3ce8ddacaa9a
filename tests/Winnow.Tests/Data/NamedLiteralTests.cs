using System.Text;
using Winnow.Data;

namespace Winnow.Tests.Data;

public class NamedLiteralTests
{
    [Fact]
    public void BareNaNAndInfinityInExtraFieldsAreAcceptedAndKeptVerbatimOnOutput()
    {
        using var dir = new TempDir();
        var rows = new[]
        {
            """{"instruction": "Q1", "output": "A1", "ifd_ppl": NaN, "loss": [Infinity,-Infinity, 1.5]}""",
            """{"instruction": "NaN is not a number", "output": "Infinity, -Infinity", "ifd_score":NaN}""",
            """{"instruction": "Q3", "output": "A3", "nested": {"x": NaN}}""",
        };
        var path = dir.Write("c.json", "[\n" + string.Join(",\n", rows) + "\n]");

        var samples = TempDir.Samples(path);
        Assert.Equal(["A1", "Infinity, -Infinity", "A3"], samples.Select(s => s.Response));
        Assert.Equal("NaN is not a number", samples[1].Instruction);

        var output = dir.File("out.jsonl.json");
        DatasetWriter.WriteSelected(path, [2, 0, 1], output);
        Assert.Equal("[\n" + rows[2] + ",\n" + rows[0] + ",\n" + rows[1] + "\n]\n", File.ReadAllText(output));
    }

    [Fact]
    public void NaNInAnInterpretedFieldReadsAsNull()
    {
        using var dir = new TempDir();
        var error = TempDir.SingleError(dir.Write("c.jsonl", """{"instruction": "Q", "output": NaN}"""));

        Assert.Equal(("output", "output must be a string, found null"), (error.Field, error.Message));
    }

    [Theory]
    [InlineData("""{"a": NaN}""", """{"a": null}""")]
    [InlineData("""[NaN,Infinity,-Infinity]""", """[null,null,null]""")]
    [InlineData("""{"a": "NaN", "b": "x\"NaN"}""", null)]
    [InlineData("""{"a": NaNa}""", null)]
    [InlineData("""{"a": -NaN}""", null)]
    [InlineData("""{"Infinity": 1}""", null)]
    public void RewritesOnlyWholeTokensOutsideStrings(string json, string? expected)
    {
        var rewritten = NamedLiteralRewriter.Rewrite(Encoding.UTF8.GetBytes(json));
        Assert.Equal(expected, rewritten is null ? null : Encoding.UTF8.GetString(rewritten));
    }
}

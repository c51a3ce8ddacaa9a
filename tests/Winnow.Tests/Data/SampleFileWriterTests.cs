using FsCheck;
using FsCheck.Fluent;
using Winnow.Data;

namespace Winnow.Tests.Data;

public class SampleFileWriterTests
{
    // Pieces that stress escaping: quotes, backslashes, control characters, line separators, non-ASCII and
    // surrogate pairs, and text that looks like the JSON literals the reader rewrites.
    private static readonly string[] Pieces =
        ["a", "Z", " ", "\n", "\t", "\r", "\"", "\\", "/", "é", "中", "😀", "\u0001", "\u2028", "<", "&", "'", "NaN", "-Infinity", "{", "]", ",", ":", "0"];

    private static readonly Gen<string> Text = Gen.ArrayOf(Gen.Elements(Pieces)).Select(string.Concat);

    private static readonly Gen<string> NonBlank = Gen.Zip(Gen.Elements("x", "é", "😀", "?"), Text).Select(p => p.Item1 + p.Item2);

    private static readonly Gen<(string Instruction, string Input, string Output)> Row =
        from instruction in NonBlank
        from input in Text
        from output in NonBlank
        select (instruction, input, output);

    [Fact]
    public void RandomAlpacaRowsWrittenThenReadBackKeepTheirFields()
    {
        using var dir = new TempDir();
        var cases = Gen.Zip(Gen.ListOf(Row), Gen.Elements("x.json", "x.jsonl", "x.json.gz", "x.jsonl.gz"));
        Prop.ForAll(cases.ToArbitrary(), c =>
        {
            var (rows, name) = c;
            var samples = rows.Select((r, i) => new Sample(i, [new Turn(Role.User, r.Instruction + (r.Input.Length > 0 ? "\n\n" + r.Input : "")), new Turn(Role.Assistant, r.Output)], r.Instruction, r.Input, r.Output)).ToList();
            var path = dir.File(name);
            SampleFileWriter.WriteAlpaca(path, samples, name.Contains(".jsonl") ? DatasetLayout.JsonLines : DatasetLayout.JsonArray);
            var read = TempDir.Samples(path);
            return read.Count == samples.Count && read.Zip(samples).All(p =>
                p.First.Instruction == p.Second.Instruction && p.First.Input == p.Second.Input && p.First.Response == p.Second.Response &&
                p.First.Turns.SequenceEqual(p.Second.Turns) && p.First.Id == p.Second.Id);
        }).Check(Config.QuickThrowOnFailure.WithMaxTest(100));
    }

    [Fact]
    public void ShareGptKeepsAllTurnsAndReadsBackTheSameIds()
    {
        using var dir = new TempDir();
        Sample[] samples =
        [
            new(0, [new Turn(Role.System, "S"), new Turn(Role.User, "Q1"), new Turn(Role.Assistant, "A1"), new Turn(Role.User, "Q2"), new Turn(Role.Assistant, "A2")], "Q1", "", "A1"),
            new(1, [new Turn(Role.User, "Q"), new Turn(Role.Assistant, "A")], "Q", "", "A"),
        ];
        var path = dir.File("s.jsonl");
        SampleFileWriter.WriteShareGpt(path, samples, DatasetLayout.JsonLines);

        Assert.Equal(DatasetFormat.ShareGpt, DatasetReader.Detect(path).Format);
        Assert.Equal(samples.Select(s => s.Id), TempDir.Samples(path).Select(s => s.Id));
        Assert.StartsWith("""{"conversations":[{"from":"system","value":"S"},{"from":"human","value":"Q1"}""", File.ReadAllLines(path)[0]);
    }
}

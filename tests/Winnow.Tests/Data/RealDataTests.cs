using Winnow.Data;

namespace Winnow.Tests.Data;

public class RealDataTests
{
    [SharedTheory]
    [InlineData("alpaca_cherry_5pct.json", DatasetFormat.Alpaca, 3111)]
    [InlineData("gsm8k_train.json", DatasetFormat.Alpaca, 7473)]
    [InlineData("gpteacher_roleplay.json", DatasetFormat.Alpaca, 3146)]
    [InlineData("gpteacher_toolformer.json", DatasetFormat.Alpaca, 7673)]
    [InlineData("sharegpt_human_2500.json", DatasetFormat.ShareGpt, 2500)]
    [InlineData("sharegpt_mixed_gpt35_2500.json", DatasetFormat.ShareGpt, 2500)]
    public void ReadsTheSharedDatasetsWithoutErrors(string name, DatasetFormat format, int rows)
    {
        var path = TestPaths.Data(name);

        Assert.Equal(new DatasetShape(DatasetLayout.JsonArray, format, false), DatasetReader.Detect(path));
        Assert.Equal(rows, DatasetReader.CountRows(path));
        var samples = TempDir.Samples(path);
        Assert.Equal(rows, samples.Count);
        Assert.Equal(rows, samples.Select(s => s.Id).Distinct().Count());
        Assert.All(samples, s => Assert.True(s.Turns.Count >= 2 && s.Response.Length > 0));
    }

    [SharedFact]
    public void SeedTasksAreNotAlpacaAndSaySo()
    {
        var rows = TempDir.ReadAll(TestPaths.Data("alpaca_seed_tasks.jsonl"));

        Assert.Equal(175, rows.Count);
        Assert.All(rows, r => Assert.Equal(
            ("output", "output is missing, expected a non-empty string; the row's columns are [id, name, instruction, instances, is_classification]: name the one that holds it with --map output=<column>"),
            (r.Error!.Field, r.Error.Message)));
        Assert.Equal(Enumerable.Range(1, 175).Select(i => (long)i), rows.Select(r => r.Line));
    }

    [SharedFact]
    public void SelectedRowsOfARealFileAreWrittenByteForByte()
    {
        using var dir = new TempDir();
        var input = TestPaths.Data("gsm8k_train.json");
        var output = dir.File("subset.json");
        DatasetWriter.WriteSelected(input, [7472, 0, 100], output);

        var all = TempDir.Samples(input);
        Assert.Equal(new[] { 7472, 0, 100 }.Select(i => (all[i].Instruction, all[i].Response)), TempDir.Samples(output).Select(s => (s.Instruction, s.Response)));
    }
}

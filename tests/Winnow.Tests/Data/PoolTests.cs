using Winnow.Data;

namespace Winnow.Tests.Data;

public class PoolTests
{
    [Fact]
    public void SeveralInputsNumberRowsOverThePoolAndRecordTheirSource()
    {
        using var dir = new TempDir();
        var a = dir.Write("a.jsonl", """{"instruction":"q0","output":"a0"}""" + "\n" + """{"instruction":"q1","output":"a1"}""");
        var b = dir.Write("b.json", """[{"conversations":[{"from":"human","value":"q2"},{"from":"gpt","value":"a2"}]}]""");

        var rows = DatasetPool.Resolve([a, b]).Read().Select(r => r.Sample!).ToList();

        Assert.Equal([0L, 1, 2], rows.Select(r => r.Index));
        Assert.Equal(["a.jsonl", "a.jsonl", "b.json"], rows.Select(r => r.Source));
        Assert.Equal(TempDir.Samples(b)[0].ContentHash, rows[2].ContentHash);
        Assert.Equal("2-" + rows[2].ContentHash, rows[2].Id);
    }

    [Fact]
    public void AReadOfWantedRowsParsesOnlyThemAfterTheFormatIsKnown()
    {
        using var dir = new TempDir();
        // Row 0 is not wanted but fixes the format (ShareGPT); row 2 would not parse, but is never parsed.
        var a = dir.Write("a.jsonl", string.Join("\n",
            """{"conversations":[{"from":"human","value":"q0"},{"from":"gpt","value":"a0"}]}""",
            """{"conversations":[{"from":"human","value":"q1"},{"from":"gpt","value":"a1"}]}""",
            "{not json",
            """{"conversations":[{"from":"human","value":"q3"},{"from":"gpt","value":"a3"}]}"""));
        var asked = new List<long>();

        var rows = DatasetPool.Resolve([a]).Read(null, i => { asked.Add(i); return i is 1 or 3; }).ToList();

        Assert.Equal([0L, 1, 2, 3], asked);
        Assert.Equal([0L, 1, 3], rows.Select(r => r.Index));
        Assert.All(rows, r => Assert.Null(r.Error));
        Assert.Equal(["a1", "a3"], rows.Skip(1).Select(r => r.Sample!.Response));
        Assert.Equal(DatasetPool.Resolve([a]).Read().Where(r => r.Index == 3).Single().Sample!.Id, rows[2].Sample!.Id);
    }

    [Fact]
    public void GlobsExpandInNameOrderAndSourceFieldsNameTheSource()
    {
        using var dir = new TempDir();
        dir.Write("s2.jsonl", """{"instruction":"q","output":"a","origin":"web"}""");
        dir.Write("s1.jsonl", """{"instruction":"p","output":"b","origin":"book"}""");

        var pool = DatasetPool.Resolve([dir.File("s*.jsonl")]);
        var rows = pool.Read(new DatasetReadOptions { SourceField = "origin" }).Select(r => r.Sample!).ToList();

        Assert.Equal(["s1.jsonl", "s2.jsonl"], pool.Files.Select(f => f.Source));
        Assert.Equal(["book", "web"], rows.Select(r => r.Source));
    }

    [Fact]
    public void HubSnapshotFolderReadsTheNamedSplit()
    {
        using var dir = new TempDir();
        Directory.CreateDirectory(dir.File("ds/data"));
        dir.Write("ds/data/train-00000-of-00002.jsonl", """{"instruction":"t0","output":"a"}""");
        dir.Write("ds/data/train-00001-of-00002.jsonl", """{"instruction":"t1","output":"a"}""");
        dir.Write("ds/data/test-00000-of-00001.jsonl", """{"instruction":"x","output":"a"}""");

        var train = DatasetPool.Resolve([dir.File("ds")], "train").Read().Select(r => r.Sample!).ToList();
        var noSplit = Assert.Throws<ArgumentException>(() => DatasetPool.Resolve([dir.File("ds")]));

        Assert.Equal(["t0", "t1"], train.Select(r => r.Instruction));
        Assert.Equal(["ds", "ds"], train.Select(r => r.Source));
        Assert.Contains("test, train", noSplit.Message);
    }

    [Fact]
    public void SaveToDiskFolderFollowsStateJson()
    {
        using var dir = new TempDir();
        Directory.CreateDirectory(dir.File("saved"));
        var shard = dir.Write("saved/shard.jsonl", """{"instruction":"q","output":"a"}""");
        var arrow = dir.File("saved/data-00000-of-00001.arrow");
        DatasetWriter.WriteSelected(shard, [0], arrow);
        File.Delete(shard);
        dir.Write("saved/dataset_info.json", "{}");
        dir.Write("saved/state.json", """{"_data_files":[{"filename":"data-00000-of-00001.arrow"}],"_split":"train"}""");

        var rows = DatasetPool.Resolve([dir.File("saved")]).Read().ToList();

        Assert.Equal("q", Assert.Single(rows).Sample!.Instruction);
    }

    [Fact]
    public void MappedColumnsReadAnySchemaAndAnUnmappedOneNamesTheColumns()
    {
        using var dir = new TempDir();
        var path = dir.Write("qa.jsonl", """{"question":"2+2?","answer":"4"}""");

        var mapped = TempDir.Samples(path, new DatasetReadOptions { FieldMap = new Dictionary<string, string> { ["instruction"] = "question", ["output"] = "answer" } });
        var unmapped = TempDir.SingleError(path, new DatasetReadOptions { Format = DatasetFormat.Alpaca, FieldMap = new Dictionary<string, string> { ["instruction"] = "question" } });

        Assert.Equal(("2+2?", "4"), (mapped[0].Instruction, mapped[0].Response));
        Assert.Equal("output is missing, expected a non-empty string; the row's columns are [question, answer]: name the one that holds it with --map output=<column>", unmapped.Message);
    }

    [Fact]
    public void MappedConversationFieldsAndRoles()
    {
        using var dir = new TempDir();
        var path = dir.Write("chat.jsonl", """{"dialog":[{"speaker":"user","text":"Hi"},{"speaker":"assistant","text":"Hello"}]}""");
        var map = new Dictionary<string, string> { ["messages"] = "dialog", ["role"] = "speaker", ["content"] = "text" };

        var sample = Assert.Single(TempDir.Samples(path, new DatasetReadOptions { FieldMap = map }));

        Assert.Equal(("Hi", "Hello"), (sample.Instruction, sample.Response));
    }
}

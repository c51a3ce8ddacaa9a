using Winnow.Data;

namespace Winnow.Tests.Data;

public class PromptCompletionReaderTests
{
    [Fact]
    public void ReadsPromptAndCompletion()
    {
        using var dir = new TempDir();
        var path = dir.Write("p.jsonl", """
            {"prompt": "Translate: chat", "completion": "cat"}
            {"prompt": "Q", "completion": ""}
            """);

        var rows = TempDir.ReadAll(path);
        Assert.Equal(DatasetFormat.PromptCompletion, DatasetReader.Detect(path).Format);
        Assert.Equal([new Turn(Role.User, "Translate: chat"), new Turn(Role.Assistant, "cat")], rows[0].Sample!.Turns);
        Assert.Equal(("Translate: chat", "", "cat"), (rows[0].Sample!.Instruction, rows[0].Sample!.Input, rows[0].Sample!.Response));
        Assert.Equal("completion", rows[1].Error!.Field);
        Assert.Equal("completion is empty, expected a non-empty string", rows[1].Error!.Message);
    }
}

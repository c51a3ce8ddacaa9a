using System.Text.Json;
using Winnow.Data;

namespace Winnow.Tests.Data;

public class RejectsWriterTests
{
    [Fact]
    public void WritesOneJsonLinePerRejectAndAppearsOnlyOnCommit()
    {
        using var dir = new TempDir();
        var path = dir.File("rejects.jsonl");
        var error = new RowError("in.json", 4, 9, "output", "output is empty, expected a non-empty string", "{\"output\": \"\"}", false);

        using (var rejects = new RejectsWriter(path))
        {
            rejects.Add(error);
            rejects.Add(7, "7-0123456789abcdef", 12, null, "below the IFD threshold 0.9", null);
            Assert.Equal(2, rejects.Count);
            Assert.False(File.Exists(path));
            rejects.Commit();
        }

        var lines = File.ReadAllLines(path);
        Assert.Equal(2, lines.Length);
        Assert.Equal("""{"index":4,"id":null,"line":9,"field":"output","reason":"output is empty, expected a non-empty string","row":"{\"output\": \"\"}","row_truncated":false}""", lines[0]);
        using var second = JsonDocument.Parse(lines[1]);
        Assert.Equal("7-0123456789abcdef", second.RootElement.GetProperty("id").GetString());
        Assert.Equal(JsonValueKind.Null, second.RootElement.GetProperty("row").ValueKind);
    }

    [Fact]
    public void DisposingWithoutCommitLeavesNothing()
    {
        using var dir = new TempDir();
        using (var rejects = new RejectsWriter(dir.File("rejects.jsonl")))
            rejects.Add(1, null, null, null, "x", null);

        Assert.Empty(dir.Entries());
    }
}

using Winnow.Data;

namespace Winnow.Tests.Data;

public class OpenAiMessagesReaderTests
{
    [Fact]
    public void ReadsMultiTurnMessagesWithSystemPrompt()
    {
        using var dir = new TempDir();
        var path = dir.Write("m.jsonl", """
            {"messages": [{"role": "system", "content": "You are terse."}, {"role": "user", "content": "2+2?"}, {"role": "assistant", "content": "4"}, {"role": "user", "content": "3+3?"}, {"role": "assistant", "content": "6"}]}
            {"messages": [{"role": "user", "content": "Hi"}, {"role": "assistant", "content": "Hello", "name": "bot"}], "meta": {"lang": "en"}}
            """);

        var samples = TempDir.Samples(path);
        Assert.Equal(5, samples[0].Turns.Count);
        Assert.Equal(new Turn(Role.System, "You are terse."), samples[0].Turns[0]);
        Assert.Equal(("2+2?", "4"), (samples[0].Instruction, samples[0].Response));
        Assert.Equal([new Turn(Role.User, "Hi"), new Turn(Role.Assistant, "Hello")], samples[1].Turns);
    }

    [Theory]
    [InlineData("""{"messages": [{"role": "tool", "content": "x"}]}""", "messages[0].role", "unknown role 'tool', expected system, user or assistant")]
    [InlineData("""{"messages": [{"role": "user", "content": "Q"}, {"role": "assistant", "content": null}]}""", "messages[1].content", "must be a string, found null")]
    [InlineData("""{"messages": [{"role": "user", "content": [{"type": "text", "text": "Q"}]}]}""", "messages[0].content", "must be a string, found an array")]
    [InlineData("""{"messages": "hello"}""", "messages", "must be an array of messages, found a string")]
    public void ReportsSchemaErrors(string row, string field, string message)
    {
        using var dir = new TempDir();
        var error = TempDir.SingleError(dir.Write("m.jsonl", row));

        Assert.Equal(field, error.Field);
        Assert.Contains(message, error.Message);
    }

    private const string BotRows = """
        {"messages": [{"role": "sys", "content": "Be kind."}, {"role": "user", "content": "Hi"}, {"role": "bot", "content": "Hello"}]}
        {"messages": [{"role": "user", "content": "2+2?"}, {"role": "ai", "content": "4"}]}
        """;

    [Fact]
    public void RoleNamesMappedWithMapBecomeTheirRoles()
    {
        using var dir = new TempDir();
        var path = dir.Write("m.jsonl", BotRows);
        var options = new DatasetReadOptions().WithMap(new Dictionary<string, string> { ["role.assistant"] = "bot|ai", ["role.system"] = "sys" });

        var samples = TempDir.Samples(path, options);

        Assert.Equal([new Turn(Role.System, "Be kind."), new Turn(Role.User, "Hi"), new Turn(Role.Assistant, "Hello")], samples[0].Turns);
        Assert.Equal(("2+2?", "4"), (samples[1].Instruction, samples[1].Response));
    }

    [Fact]
    public void AnUnmappedRoleIsAnErrorNamingItAndHowToMapIt()
    {
        using var dir = new TempDir();
        var path = dir.Write("m.jsonl", BotRows);
        var options = new DatasetReadOptions().WithMap(new Dictionary<string, string> { ["role.assistant"] = "bot", ["role.system"] = "sys" });

        var rows = TempDir.ReadAll(path, options);

        Assert.True(rows[0].IsSuccess, rows[0].Error?.ToString());
        var error = rows[1].Error!;
        Assert.Equal("messages[1].role", error.Field);
        Assert.Contains("unknown role 'ai', expected system, user or assistant", error.Message, StringComparison.Ordinal);
        Assert.Contains("--map role.user=ai, role.assistant=ai or role.system=ai", error.Message, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("role.tool", "x", "'tool' is not a role; expected role.system, role.user or role.assistant")]
    [InlineData("role.user", "a||b", "an empty role name")]
    [InlineData("role.user", "bot", "role name 'bot' is mapped to both assistant and user")]
    public void BadRoleMappingsAreRefused(string key, string value, string message)
    {
        var map = new Dictionary<string, string> { ["role.assistant"] = "bot", [key] = value };

        var error = Assert.Throws<ArgumentException>(() => new DatasetReadOptions().WithMap(map));

        Assert.Contains(message, error.Message, StringComparison.Ordinal);
    }
}

using Winnow.Data;

namespace Winnow.Tests.Data;

public class ShareGptReaderTests
{
    [Fact]
    public void KeepsEveryTurnWithTheSystemTurnFirst()
    {
        using var dir = new TempDir();
        var path = dir.Write("s.json", """
            [{"id": "c1", "conversations": [
                {"from": "system", "value": "Be brief."},
                {"from": "human", "value": "Hi"},
                {"from": "gpt", "value": "Hello"},
                {"from": "human", "value": "Bye"},
                {"from": "gpt", "value": "Goodbye", "weight": 1}]}]
            """);

        var sample = Assert.Single(TempDir.Samples(path));
        Assert.Equal(
            [new Turn(Role.System, "Be brief."), new Turn(Role.User, "Hi"), new Turn(Role.Assistant, "Hello"), new Turn(Role.User, "Bye"), new Turn(Role.Assistant, "Goodbye")],
            sample.Turns);
        Assert.Equal(("Hi", "", "Hello"), (sample.Instruction, sample.Input, sample.Response));
        Assert.Equal(2, sample.ExchangeCount);
    }

    [Theory]
    [InlineData("human", "gpt")]
    [InlineData("user", "assistant")]
    [InlineData("Human", "ChatGPT")]
    [InlineData("user", "bing")]
    [InlineData("user", "bard")]
    [InlineData("user", "model")]
    public void AcceptsTheRoleNamesUsedInTheWild(string user, string assistant)
    {
        using var dir = new TempDir();
        var path = dir.Write("s.jsonl", $$"""{"conversations": [{"from": "{{user}}", "value": "Q"}, {"from": "{{assistant}}", "value": "A"}]}""");

        var sample = Assert.Single(TempDir.Samples(path));
        Assert.Equal([new Turn(Role.User, "Q"), new Turn(Role.Assistant, "A")], sample.Turns);
    }

    [Fact]
    public void TopLevelSystemFieldBecomesTheSystemTurn()
    {
        using var dir = new TempDir();
        var path = dir.Write("s.jsonl", """{"system": "Be kind.", "conversations": [{"from": "human", "value": "Q"}, {"from": "gpt", "value": "A"}]}""");

        Assert.Equal(new Turn(Role.System, "Be kind."), Assert.Single(TempDir.Samples(path)).Turns[0]);
    }

    [Theory]
    [InlineData("""{"conversations": {"from": "human"}}""", "conversations", "conversations must be an array of messages, found an object")]
    [InlineData("""{"conversations": []}""", "conversations", "conversations is empty")]
    [InlineData("""{"conversations": [{"from": "tool", "value": "x"}, {"from": "gpt", "value": "A"}]}""", "conversations[0].from", "unknown role 'tool', expected human, user, gpt")]
    [InlineData("""{"conversations": [{"from": "human", "value": 3}, {"from": "gpt", "value": "A"}]}""", "conversations[0].value", "conversations[0].value must be a string, found a number")]
    [InlineData("""{"conversations": [{"from": "human", "value": "Q"}, {"from": "gpt", "value": " "}]}""", "conversations[1].value", "conversations[1].value is empty, expected a non-empty string")]
    [InlineData("""{"conversations": [{"from": "human", "value": "Q"}]}""", "conversations", "no assistant turn after the first user turn")]
    [InlineData("""{"conversations": [{"from": "gpt", "value": "A"}]}""", "conversations", "no user turn")]
    [InlineData("""{"conversations": [{"from": "human", "value": "Q"}, {"from": "system", "value": "S"}, {"from": "gpt", "value": "A"}]}""", "conversations[1].from", "system turn after the conversation started")]
    [InlineData("""{"conversations": [{"value": "Q"}, {"from": "gpt", "value": "A"}]}""", "conversations[0].from", "conversations[0].from is missing, expected a non-empty string")]
    [InlineData("""{"conversations": ["Q", "A"]}""", "conversations[0]", "must be an object with 'from' and 'value', found a string")]
    public void ReportsSchemaErrorsWithTheFieldPath(string row, string field, string message)
    {
        using var dir = new TempDir();
        var path = dir.Write("s.jsonl", """{"conversations": [{"from": "human", "value": "ok"}, {"from": "gpt", "value": "ok"}]}""" + "\n" + row + "\n");

        var error = TempDir.SingleError(path);
        Assert.Equal((1L, 2L, field), (error.Index, error.Line, error.Field));
        Assert.Contains(message, error.Message);
        Assert.Equal(row, error.RawText);
    }

    [Fact]
    public void RoleNamesMappedWithMapJoinTheBuiltInNamesAndOverrideThem()
    {
        using var dir = new TempDir();
        var path = dir.Write("c.jsonl", """
            {"conversations": [{"from": "Person", "value": "Hi"}, {"from": "Robot", "value": "Hello"}, {"from": "human", "value": "Bye"}, {"from": "gpt", "value": "Ciao"}]}
            """);
        var plain = TempDir.SingleError(path);
        var options = new DatasetReadOptions().WithMap(new Dictionary<string, string> { ["role.user"] = "Person", ["role.assistant"] = "Robot" });

        var sample = Assert.Single(TempDir.Samples(path, options));

        Assert.Equal("conversations[0].from", plain.Field);
        Assert.Contains("unknown role 'Person'", plain.Message, StringComparison.Ordinal);
        Assert.Contains("--map role.user=Person", plain.Message, StringComparison.Ordinal);
        Assert.Equal([Role.User, Role.Assistant, Role.User, Role.Assistant], sample.Turns.Select(t => t.Role));
        Assert.Equal(("Hi", "Hello"), (sample.Instruction, sample.Response));
    }
}

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
}

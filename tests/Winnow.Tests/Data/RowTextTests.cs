using Winnow.Data;

namespace Winnow.Tests.Data;

public class RowTextTests
{
    private static readonly Sample WithInput = TestRows.Alpaca(0, "Name a colour.", "Blue.", "Be brief.");
    private static readonly Sample WithoutInput = TestRows.Alpaca(1, "Name a colour.", "Blue.");

    [Theory]
    [InlineData(RowText.Prompt, "Name a colour.\n\nBe brief.", "Name a colour.")]
    [InlineData(RowText.Response, "Blue.", "Blue.")]
    [InlineData(RowText.Exchange, "Name a colour.\n\nBe brief.\nBlue.", "Name a colour.\nBlue.")]
    [InlineData(RowText.Conversation, "Name a colour.\n\nBe brief.\nBlue.", "Name a colour.\nBlue.")]
    [InlineData(RowText.InstructionLines, "Name a colour.\nBe brief.", "Name a colour.")]
    [InlineData(RowText.Lines, "Name a colour.\nBe brief.\nBlue.", "Name a colour.\nBlue.")]
    [InlineData(RowText.Car, "Instruction: Name a colour. Input: Be brief. Response: Blue.", "Instruction: Name a colour. Input:  Response: Blue.")]
    public void Each_name_is_one_text(RowText text, string withInput, string withoutInput)
    {
        Assert.Equal(withInput, text.Of(WithInput));
        Assert.Equal(withoutInput, text.Of(WithoutInput));
        Assert.Equal(text, RowTexts.Parse(text.Name()));
    }

    [Fact]
    public void A_conversation_joins_every_turn_and_an_exchange_only_the_first()
    {
        var turns = new Turn[] { new(Role.System, "Be terse."), new(Role.User, "Hi"), new(Role.Assistant, "Hello"), new(Role.User, "Bye"), new(Role.Assistant, "Bye now") };
        var row = new Sample(0, turns, "Hi", "", "Hello");
        Assert.Equal("Be terse.\nHi\nHello\nBye\nBye now", RowText.Conversation.Of(row));
        Assert.Equal("Hi\nHello", RowText.Exchange.Of(row));
    }

    [Fact]
    public void An_unknown_name_lists_the_vocabulary()
    {
        var error = Assert.Throws<ArgumentException>(() => RowTexts.Parse("whole"));
        Assert.Equal("text 'whole' is not one of prompt, response, exchange, conversation, instruction-lines, lines, car", error.Message);
    }
}

using System.Text.Json;

namespace Winnow.Data;

/// <summary>
/// Alpaca: <c>instruction</c> and <c>output</c> are required non-blank strings; <c>input</c> is optional and may
/// be empty or null (read as ""). The user turn is the instruction, followed by a blank line and the input when
/// there is one, as the Alpaca prompt templates join them.
/// </summary>
internal static class AlpacaRow
{
    public static (Sample Sample, JsonElement? Id) Read(JsonElement row, long index, DatasetReadOptions names)
    {
        var fields = RowFields.Collect(row, "", names.Column("instruction"), names.Column("input"), names.Column("output"), names.Column("id"));
        var instruction = RowFields.NonEmptyText(fields[0], names.Column("instruction"));
        var input = RowFields.OptionalText(fields[1], names.Column("input"));
        var output = RowFields.NonEmptyText(fields[2], names.Column("output"));
        var prompt = input.Length == 0 ? instruction : instruction + "\n\n" + input;
        Turn[] turns = [new(Role.User, prompt), new(Role.Assistant, output)];
        return (new Sample(index, turns, instruction, input, output), fields[3]);
    }
}

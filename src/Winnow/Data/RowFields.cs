using System.Text.Json;

namespace Winnow.Data;

/// <summary>Typed access to the fields a row reader interprets, with errors that name the field and what was expected.</summary>
internal static class RowFields
{
    /// <summary>
    /// Looks up <paramref name="names"/> in one pass over the object. Other fields are ignored (they are allowed
    /// and kept in the raw row); an interpreted field given twice is an error, since which one counts is a guess.
    /// </summary>
    public static JsonElement?[] Collect(JsonElement obj, string prefix, params ReadOnlySpan<string> names)
    {
        var found = new JsonElement?[names.Length];
        foreach (var property in obj.EnumerateObject())
        {
            for (var i = 0; i < names.Length; i++)
            {
                if (!property.NameEquals(names[i]))
                    continue;
                if (found[i] is not null)
                    throw new RowProblem(prefix + names[i], $"{prefix}{names[i]} appears more than once, expected it once");
                found[i] = property.Value;
                break;
            }
        }
        return found;
    }

    /// <summary>A string that must be present and not blank (all whitespace counts as empty).</summary>
    public static string NonEmptyText(JsonElement? value, string field)
    {
        if (value is null)
            throw new RowProblem(field, $"{field} is missing, expected a non-empty string") { Missing = true };
        var text = Text(value.Value, field);
        if (string.IsNullOrWhiteSpace(text))
            throw new RowProblem(field, $"{field} is empty, expected a non-empty string");
        return text;
    }

    /// <summary>A string that may be absent, null or empty (all read as "").</summary>
    public static string OptionalText(JsonElement? value, string field) =>
        value is null || value.Value.ValueKind == JsonValueKind.Null ? "" : Text(value.Value, field);

    /// <summary>A string that must be present but may be empty.</summary>
    public static string Text(JsonElement value, string field) =>
        value.ValueKind == JsonValueKind.String
            ? value.GetString()!
            : throw new RowProblem(field, $"{field} must be a string, found {Describe(value.ValueKind)}");

    public static JsonElement Array(JsonElement? value, string field)
    {
        if (value is null)
            throw new RowProblem(field, $"{field} is missing, expected an array of messages") { Missing = true };
        if (value.Value.ValueKind != JsonValueKind.Array)
            throw new RowProblem(field, $"{field} must be an array of messages, found {Describe(value.Value.ValueKind)}");
        if (value.Value.GetArrayLength() == 0)
            throw new RowProblem(field, $"{field} is empty, expected at least a user and an assistant message");
        return value.Value;
    }

    public static string Describe(JsonValueKind kind) => kind switch
    {
        JsonValueKind.Object => "an object",
        JsonValueKind.Array => "an array",
        JsonValueKind.String => "a string",
        JsonValueKind.Number => "a number",
        JsonValueKind.True or JsonValueKind.False => "a boolean",
        _ => "null",
    };
}

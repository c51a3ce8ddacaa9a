using System.Text;
using System.Text.Json;

namespace Winnow.Data;

/// <summary>
/// Finds which field of a row holds a given byte, for messages about a problem found below the JSON level
/// (invalid UTF-8): walks the tokens keeping the path (<c>conversations[1].value</c>) until a token covers the
/// byte. Returns null when the byte is outside any value, or the row is not well-formed before it.
/// </summary>
internal static class JsonFieldLocator
{
    public static string? PathAt(ReadOnlySpan<byte> json, long offset)
    {
        var frames = new List<(bool IsArray, int Count, string? Name)>();
        var reader = new Utf8JsonReader(json, new JsonReaderOptions { MaxDepth = 1024 });
        try
        {
            while (reader.Read())
            {
                var covers = reader.TokenStartIndex <= offset && offset < reader.BytesConsumed;
                switch (reader.TokenType)
                {
                    case JsonTokenType.PropertyName:
                        // A reader over a span never has a value sequence, so ValueSpan is the whole name.
                        var name = Encoding.UTF8.GetString(reader.ValueSpan);
                        frames[^1] = (false, 0, name);
                        if (covers)
                            return Path(frames);
                        continue;
                    case JsonTokenType.EndObject or JsonTokenType.EndArray:
                        frames.RemoveAt(frames.Count - 1);
                        continue;
                }
                if (frames.Count > 0 && frames[^1].IsArray)
                    frames[^1] = (true, frames[^1].Count + 1, null);
                if (covers && reader.TokenType is not (JsonTokenType.StartObject or JsonTokenType.StartArray))
                    return Path(frames);
                if (reader.TokenType is JsonTokenType.StartObject or JsonTokenType.StartArray)
                    frames.Add((reader.TokenType == JsonTokenType.StartArray, 0, null));
            }
        }
        catch (JsonException)
        {
            // The row breaks JSON before the byte: the path where reading stopped is the best hint there is.
            return frames.Count > 0 ? Path(frames) : null;
        }
        return null;
    }

    private static string? Path(List<(bool IsArray, int Count, string? Name)> frames)
    {
        var path = new StringBuilder();
        foreach (var (isArray, count, name) in frames)
        {
            if (isArray)
                path.Append('[').Append(count - 1).Append(']');
            else if (name is not null)
                path.Append(path.Length == 0 ? "" : ".").Append(name);
        }
        return path.Length == 0 ? null : path.ToString();
    }
}

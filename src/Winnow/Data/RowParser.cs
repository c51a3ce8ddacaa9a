using System.Text;
using System.Text.Json;
using System.Text.Unicode;

namespace Winnow.Data;

/// <summary>
/// Turns one raw row into a <see cref="RowOutcome"/>: size limit, UTF-8 check, bare NaN/Infinity rewrite,
/// JSON parse, format detection (first object row, when the format is <see cref="DatasetFormat.Auto"/>), the
/// format's schema, then the duplicate-id check. Keeps the state that spans rows (format, ids seen).
/// </summary>
internal sealed class RowParser(string file, DatasetReadOptions options)
{
    private static readonly JsonDocumentOptions DocumentOptions = new() { MaxDepth = 256 };

    private readonly DuplicateIdTracker? _ids = options.RejectDuplicateIds ? new DuplicateIdTracker() : null;

    /// <summary>The row schema in use: the option, or what the first object row revealed.</summary>
    public DatasetFormat Format { get; private set; } = options.Format;

    public RowOutcome Parse(RawRecord raw)
    {
        if (Open(raw, out var document) is { } error)
            return error;
        using (document)
        {
            var root = document!.RootElement;
            if (Format == DatasetFormat.Auto)
                Format = FormatDetector.FromKeys(root, options) ?? throw new DatasetFormatException(file, raw.Line, raw.Index, FormatDetector.Unknown(root));
            try
            {
                var (sample, id) = Format switch
                {
                    DatasetFormat.Alpaca => AlpacaRow.Read(root, raw.Index, options),
                    DatasetFormat.ShareGpt => ShareGptRow.Read(root, raw.Index, options),
                    DatasetFormat.OpenAiMessages => OpenAiMessagesRow.Read(root, raw.Index, options),
                    DatasetFormat.PromptCompletion => PromptCompletionRow.Read(root, raw.Index, options),
                    _ => throw new ArgumentOutOfRangeException(nameof(options), Format, "unknown dataset format"),
                };
                if (_ids is not null && id is { ValueKind: not JsonValueKind.Null } given && _ids.Add(given, raw.Index) is { } first)
                    return Error(raw, raw.Line, "id", $"id {given.GetRawText()} repeats the id of row {first}, expected ids to be unique");
                if (options.SourceField is { } sourceField)
                {
                    if (!root.TryGetProperty(sourceField, out var source) || source.ValueKind != JsonValueKind.String)
                        return Error(raw, raw.Line, sourceField, $"the source field {sourceField} is missing or not a string, expected each row to name its source there");
                    sample.Source = source.GetString()!;
                }
                return new RowOutcome(raw.Index, raw.Line, sample, null);
            }
            catch (RowProblem problem)
            {
                return Error(raw, raw.Line, problem.Field, problem.Missing && problem.Field is { } f && f.IndexOfAny(['[', '.']) < 0 ? problem.Message + Columns(root, f) : problem.Message);
            }
        }
    }

    /// <summary>
    /// The row's error when it is not a readable JSON object (over the size limit, invalid UTF-8, malformed, or
    /// another kind of value), whatever its schema; null when it is one.
    /// </summary>
    public RowError? CheckObject(RawRecord raw)
    {
        var error = Open(raw, out var document);
        document?.Dispose();
        return error?.Error;
    }

    /// <summary>The error for a readable row that was refused for <paramref name="reason"/> (e.g. by the output it was written to).</summary>
    public RowError Refused(RawRecord raw, string reason) => Error(raw, raw.Line, null, reason).Error!;

    /// <summary>Parses the row into a JSON object, or returns the outcome that says why it cannot be.</summary>
    private RowOutcome? Open(RawRecord raw, out JsonDocument? document)
    {
        document = null;
        if (raw.IsOversize)
            return Error(raw, raw.Line, null,
                $"the row is {raw.Size:N0} bytes, over the limit of {options.MaxRowBytes:N0} bytes (MaxRowBytes); it was skipped without being parsed",
                raw.OversizePrefix!, truncated: true);

        var text = raw.Text.Span;
        if (!Utf8.IsValid(text))
        {
            var offset = FirstInvalidUtf8(text);
            var field = JsonFieldLocator.PathAt(text, offset);
            var where = field is null ? "" : $"in {field} ";
            return Error(raw, raw.Line + text[..offset].Count((byte)'\n'), field,
                $"invalid UTF-8 {where}at byte {offset} of the row, expected UTF-8 text");
        }

        var rewritten = NamedLiteralRewriter.Rewrite(text);
        JsonDocument parsed;
        try
        {
            parsed = rewritten is null ? JsonDocument.Parse(raw.Text, DocumentOptions) : JsonDocument.Parse(rewritten, DocumentOptions);
        }
        catch (JsonException e)
        {
            var line = raw.Line + (e.LineNumber ?? 0);
            // On the row's first line the reader counts bytes from where the row starts, not from the line start.
            var of = (e.LineNumber ?? 0) == 0 ? "the row" : "that line";
            return Error(raw, line, null, $"malformed JSON at line {line}, byte {(e.BytePositionInLine ?? 0) + 1} of {of}: {Reason(e)}");
        }
        if (parsed.RootElement.ValueKind != JsonValueKind.Object)
        {
            var kind = parsed.RootElement.ValueKind;
            parsed.Dispose();
            return Error(raw, raw.Line, null, $"the row is {RowFields.Describe(kind)}, expected a JSON object");
        }
        document = parsed;
        return null;
    }

    private RowOutcome Error(RawRecord raw, long line, string? field, string message) =>
        Error(raw, line, field, message, raw.Text.Span, raw.Text.Length > options.MaxErrorRawBytes);

    private RowOutcome Error(RawRecord raw, long line, string? field, string message, ReadOnlySpan<byte> text, bool truncated)
    {
        var shown = Encoding.UTF8.GetString(text[..Math.Min(text.Length, options.MaxErrorRawBytes)]);
        return new RowOutcome(raw.Index, raw.Line, null, new RowError(file, raw.Index, line, field, message, shown, truncated) { Where = raw.Where });
    }

    /// <summary>For a missing top-level field: the columns the row does have, and how to map one.</summary>
    private string Columns(JsonElement root, string column)
    {
        var field = options.FieldMap.FirstOrDefault(kv => kv.Value == column).Key ?? column;
        var keys = string.Join(", ", root.EnumerateObject().Select(p => p.Name).Take(30));
        return $"; the row's columns are [{keys}]: name the one that holds it with --map {field}=<column>";
    }

    private static int FirstInvalidUtf8(ReadOnlySpan<byte> text)
    {
        var offset = 0;
        while (offset < text.Length && System.Text.Rune.DecodeFromUtf8(text[offset..], out _, out var consumed) == System.Buffers.OperationStatus.Done)
            offset += consumed;
        return offset;
    }

    /// <summary>The JSON reader's own explanation without its 0-based position suffix, which the message restates 1-based.</summary>
    private static string Reason(JsonException e)
    {
        var message = e.Message;
        var cut = message.IndexOf(" LineNumber:", StringComparison.Ordinal);
        return cut > 0 ? message[..cut] : message;
    }
}

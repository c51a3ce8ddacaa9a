using System.Text.Json;
using Microsoft.AspNetCore.Http;

namespace Winnow.Serve;

/// <summary>Reads a request's JSON object and its fields, turning every malformed or out-of-range field into a 400 that names it.</summary>
internal sealed class RequestJson
{
    private readonly JsonElement _root;

    private RequestJson(JsonElement root) => _root = root;

    private static async Task<RequestJson> Read(HttpRequest request, CancellationToken cancellationToken)
    {
        try
        {
            using var document = await JsonDocument.ParseAsync(request.Body, default, cancellationToken).ConfigureAwait(false);
            if (document.RootElement.ValueKind != JsonValueKind.Object)
                throw ApiException.BadRequest($"the request body must be a JSON object, found {document.RootElement.ValueKind}");
            return new RequestJson(document.RootElement.Clone());
        }
        catch (JsonException e)
        {
            throw ApiException.BadRequest($"the request body is not valid JSON: {e.Message}");
        }
        catch (BadHttpRequestException e)
        {
            throw new ApiException(e.StatusCode, e.StatusCode == 413
                ? "the request body is larger than this server's limit (--max-request-bytes)"
                : e.Message);
        }
    }

    /// <summary>Reads a request to the served model: its "model", when given, must be the served one; streaming is refused.</summary>
    public static async Task<RequestJson> ReadFor(HttpRequest request, ServedModel served, CancellationToken cancellationToken)
    {
        var body = await Read(request, cancellationToken).ConfigureAwait(false);
        var name = body.String("model");
        if (name is not null && name != served.Name)
            throw new ApiException(404, $"model '{name}' is not served here; this server serves '{served.Name}'", "model");
        if (body.Bool("stream", false))
            throw ApiException.BadRequest("stream is not supported by winnow serve", "stream");
        return body;
    }

    public bool Has(string name) => _root.TryGetProperty(name, out var v) && v.ValueKind != JsonValueKind.Null;

    public JsonElement Required(string name) => Has(name) ? _root.GetProperty(name) : throw ApiException.BadRequest($"field '{name}' is required", name);

    public string? String(string name)
    {
        if (!Has(name))
            return null;
        var v = _root.GetProperty(name);
        return v.ValueKind == JsonValueKind.String ? v.GetString() : throw ApiException.BadRequest($"field '{name}' must be a string", name);
    }

    public bool Bool(string name, bool fallback)
    {
        if (!Has(name))
            return fallback;
        return _root.GetProperty(name).ValueKind switch
        {
            JsonValueKind.True => true,
            JsonValueKind.False => false,
            _ => throw ApiException.BadRequest($"field '{name}' must be true or false", name),
        };
    }

    /// <summary>An optional integer in [min, max]; <paramref name="limitHint"/> says how to raise the upper bound.</summary>
    public int? Int(string name, int min, int max, string limitHint = "")
    {
        if (!Has(name))
            return null;
        var v = _root.GetProperty(name);
        if (v.ValueKind != JsonValueKind.Number || !v.TryGetInt32(out var value))
            throw ApiException.BadRequest($"field '{name}' must be an integer", name);
        if (value < min || value > max)
            throw ApiException.BadRequest($"field '{name}' is {value}, expected {min}..{max}{limitHint}", name);
        return value;
    }

    public double? Number(string name)
    {
        if (!Has(name))
            return null;
        var v = _root.GetProperty(name);
        return v.ValueKind == JsonValueKind.Number ? v.GetDouble() : throw ApiException.BadRequest($"field '{name}' must be a number", name);
    }
}

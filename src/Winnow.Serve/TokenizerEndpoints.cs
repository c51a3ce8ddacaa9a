using System.Text.Json;
using System.Text.Json.Nodes;
using Microsoft.AspNetCore.Http;

namespace Winnow.Serve;

/// <summary>vLLM's POST /tokenize ({prompt, add_special_tokens} → {count, max_model_len, tokens}) and POST /detokenize ({tokens} → {prompt}).</summary>
internal sealed class TokenizerEndpoints(ServedModel served)
{
    public async Task<IResult> Tokenize(HttpRequest request, CancellationToken cancellationToken)
    {
        var body = await RequestJson.ReadFor(request, served, cancellationToken).ConfigureAwait(false);
        var prompt = body.String("prompt") ?? throw ApiException.BadRequest("field 'prompt' (a string) is required", "prompt");
        var encoding = served.RequireTokenizer("/tokenize").Encode(prompt, body.Bool("add_special_tokens", true));
        var result = new JsonObject
        {
            ["count"] = encoding.Count,
            ["max_model_len"] = served.MaxContext,
            ["tokens"] = new JsonArray(encoding.Ids.Select(i => (JsonNode)i).ToArray()),
        };
        if (body.Bool("return_token_strs", false))
            result["token_strs"] = new JsonArray(encoding.Tokens.Select(t => (JsonNode)t).ToArray());
        return Results.Json(result);
    }

    public async Task<IResult> Detokenize(HttpRequest request, CancellationToken cancellationToken)
    {
        var body = await RequestJson.ReadFor(request, served, cancellationToken).ConfigureAwait(false);
        var tokens = body.Required("tokens");
        if (tokens.ValueKind != JsonValueKind.Array)
            throw ApiException.BadRequest("field 'tokens' must be a list of token ids", "tokens");
        var ids = new List<int>();
        foreach (var item in tokens.EnumerateArray())
        {
            if (item.ValueKind != JsonValueKind.Number || !item.TryGetInt32(out var id) || (uint)id >= (uint)served.Model.VocabSize)
                throw ApiException.BadRequest($"tokens[{ids.Count}] must be a token id in 0..{served.Model.VocabSize - 1}, found {item.GetRawText()}", "tokens");
            ids.Add(id);
        }
        return Results.Json(new JsonObject { ["prompt"] = served.RequireTokenizer("/detokenize").Decode(ids.ToArray()) });
    }
}

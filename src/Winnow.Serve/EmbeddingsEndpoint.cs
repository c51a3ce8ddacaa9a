using System.Text.Json.Nodes;
using Microsoft.AspNetCore.Http;

namespace Winnow.Serve;

/// <summary>
/// POST /v1/embeddings: each input's final hidden states pooled — "last" (the last token, as vLLM pools decoder
/// models; default) or "mean" (extra field pooling) — and L2-normalised unless normalize is false. encoding_format
/// "float" (default) gives JSON numbers; "base64" gives the float32 little-endian bytes in base64, as OpenAI and vLLM
/// do (the OpenAI .NET library asks for it).
/// </summary>
internal sealed class EmbeddingsEndpoint(ServedModel served, ForwardQueue queue, ServeOptions options)
{
    public async Task<IResult> Handle(HttpRequest request, CancellationToken cancellationToken)
    {
        var body = await RequestJson.ReadFor(request, served, cancellationToken).ConfigureAwait(false);
        var pooling = body.String("pooling") ?? "last";
        if (pooling is not ("last" or "mean"))
            throw ApiException.BadRequest($"field 'pooling' is '{pooling}', expected last or mean", "pooling");
        var format = body.String("encoding_format") ?? "float";
        if (format is not ("float" or "base64"))
            throw ApiException.BadRequest($"field 'encoding_format' is '{format}', expected float or base64", "encoding_format");
        var normalize = body.Bool("normalize", true);
        var inputs = PromptInput.Parse(body.Required("input"), "input", served, options, body.Bool("add_special_tokens", true));
        var jobs = await Task.WhenAll(inputs.Select(p => queue.Run(new ForwardJob(ForwardKind.HiddenStates, p.Ids, [], [], 0), cancellationToken))).ConfigureAwait(false);
        var hidden = served.Model.HiddenSize;
        var data = new JsonArray();
        for (var i = 0; i < jobs.Length; i++)
        {
            var vector = Pool(jobs[i].HiddenStates, inputs[i].Ids.Length, hidden, pooling == "mean");
            if (normalize)
                Normalize(vector);
            data.Add(new JsonObject
            {
                ["object"] = "embedding",
                ["index"] = i,
                ["embedding"] = format == "float" ? new JsonArray(vector.Select(v => (JsonNode)v).ToArray()) : JsonValue.Create(Base64(vector)),
            });
        }
        var tokens = inputs.Sum(p => p.Ids.Length);
        return Results.Json(new JsonObject
        {
            ["object"] = "list",
            ["model"] = served.Name,
            ["data"] = data,
            ["usage"] = new JsonObject { ["prompt_tokens"] = tokens, ["total_tokens"] = tokens },
        });
    }

    private static string Base64(double[] vector)
    {
        var bytes = new byte[vector.Length * sizeof(float)];
        for (var h = 0; h < vector.Length; h++)
            System.Buffers.Binary.BinaryPrimitives.WriteSingleLittleEndian(bytes.AsSpan(h * sizeof(float)), (float)vector[h]);
        return Convert.ToBase64String(bytes);
    }

    private static double[] Pool(float[] states, int tokens, int hidden, bool mean)
    {
        var vector = new double[hidden];
        var from = mean ? 0 : tokens - 1;
        for (var t = from; t < tokens; t++)
        {
            for (var h = 0; h < hidden; h++)
                vector[h] += states[t * hidden + h];
        }
        for (var h = 0; h < hidden; h++)
            vector[h] /= tokens - from;
        return vector;
    }

    private static void Normalize(double[] vector)
    {
        var norm = Math.Sqrt(vector.Sum(v => v * v));
        if (norm > 0)
        {
            for (var h = 0; h < vector.Length; h++)
                vector[h] /= norm;
        }
    }
}

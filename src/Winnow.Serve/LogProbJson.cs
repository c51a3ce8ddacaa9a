using System.Globalization;
using System.Text.Json.Nodes;

namespace Winnow.Serve;

/// <summary>Writes log-probabilities in the OpenAI and vLLM JSON shapes.</summary>
internal static class LogProbJson
{
    /// <summary>A float as a JSON number; −∞ (an underflowed probability) as the string "-Infinity", as Python's json writes it.</summary>
    public static JsonNode Value(float logProb) =>
        float.IsFinite(logProb) ? JsonValue.Create((double)logProb) : JsonValue.Create(logProb < 0 ? "-Infinity" : "NaN");

    /// <summary>vLLM's prompt_logprobs entry: {"id": {"logprob", "rank", "decoded_token"}} for the top-k and the actual token.</summary>
    public static JsonObject VllmEntry(PositionLogProbs p, ServedModel served, bool asIds)
    {
        var entry = new JsonObject();
        if (p.ChosenId >= 0)
            entry[Id(p.ChosenId)] = VllmLogprob(p.ChosenLogProb, p.ChosenRank, p.ChosenId, served, asIds);
        for (var k = 0; k < p.TopIds.Length; k++)
        {
            if (p.TopIds[k] != p.ChosenId)
                entry[Id(p.TopIds[k])] = VllmLogprob(p.TopLogProbs[k], k + 1, p.TopIds[k], served, asIds);
        }
        return entry;
    }

    /// <summary>vLLM's entry for a token whose rank was not computed (prompt_logprobs 0 reads only the actual token).</summary>
    public static JsonObject VllmActualOnly(int id, float logProb, ServedModel served, bool asIds) => new()
    {
        [Id(id)] = new JsonObject { ["logprob"] = Value(logProb), ["rank"] = null, ["decoded_token"] = served.TokenText(id, asIds) },
    };

    /// <summary>OpenAI legacy completions top_logprobs entry: token text → log-prob, the chosen token included.</summary>
    public static JsonObject OpenAiTop(PositionLogProbs p, ServedModel served, bool asIds)
    {
        var entry = new JsonObject();
        if (p.ChosenId >= 0)
            entry[served.TokenText(p.ChosenId, asIds)] = Value(p.ChosenLogProb);
        for (var k = 0; k < p.TopIds.Length; k++)
            entry[served.TokenText(p.TopIds[k], asIds)] = Value(p.TopLogProbs[k]);
        return entry;
    }

    private static JsonObject VllmLogprob(float logProb, int rank, int id, ServedModel served, bool asIds) => new()
    {
        ["logprob"] = Value(logProb),
        ["rank"] = rank,
        ["decoded_token"] = served.TokenText(id, asIds),
    };

    private static string Id(int id) => id.ToString(CultureInfo.InvariantCulture);
}

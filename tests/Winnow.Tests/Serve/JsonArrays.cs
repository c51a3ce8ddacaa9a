using System.Text.Json.Nodes;

namespace Winnow.Tests.Serve;

internal static class JsonArrays
{
    public static JsonArray ToJsonArray(this int[] ids) => new(ids.Select(i => (JsonNode)i).ToArray());
}

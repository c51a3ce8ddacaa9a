using Parquet;
using Parquet.Schema;
using Parquet.Serialization;

namespace Winnow.Tests.Data.Columnar;

/// <summary>Small Parquet files written with Parquet.Net's untyped serializer, and read back the same way.</summary>
internal static class ParquetFiles
{
    public static readonly ParquetSchema Alpaca = new(
        new DataField<string>("instruction"), new DataField<string>("input"), new DataField<string>("output"), new DataField<long?>("votes"));

    public static readonly ParquetSchema ShareGpt = new(
        new DataField<string>("id"),
        new ListField("conversations", new StructField("element", new DataField<string>("from"), new DataField<string>("value"))));

    public static string Write(string path, ParquetSchema schema, IReadOnlyList<Dictionary<string, object?>> rows, int rowGroupSize = 2)
    {
        using var file = new FileStream(path, FileMode.Create, FileAccess.ReadWrite);
        ParquetSerializer.SerializeUntypedAsync(rows.Select(r => (IDictionary<string, object?>)r).ToList(), schema, file, new ParquetOptions { RowGroupSize = rowGroupSize })
            .GetAwaiter().GetResult();
        return path;
    }

    public static (ParquetSchema Schema, List<Dictionary<string, object>> Rows) Read(string path)
    {
        using var file = File.OpenRead(path);
        var result = ParquetSerializer.DeserializeUntypedAsync(file).GetAwaiter().GetResult();
        return (result.Schema, result.Data.ToList());
    }

    public static Dictionary<string, object?> AlpacaRow(string instruction, string? input, string output, long? votes) =>
        new() { ["instruction"] = instruction, ["input"] = input, ["output"] = output, ["votes"] = votes };

    public static Dictionary<string, object?> ShareGptRow(string id, params (string From, string Value)[] turns) => new()
    {
        ["id"] = id,
        ["conversations"] = turns.Select(t => (IDictionary<string, object?>)new Dictionary<string, object?> { ["from"] = t.From, ["value"] = t.Value }).ToList(),
    };

    /// <summary>Every value of every row as text with its CLR type, so "equal by value and type" is one comparison.</summary>
    public static string Describe(IEnumerable<Dictionary<string, object>> rows) =>
        string.Join("\n", rows.Select(r => string.Join("; ", r.OrderBy(kv => kv.Key, StringComparer.Ordinal).Select(kv => kv.Key + "=" + Value(kv.Value)))));

    private static string Value(object? value) => value switch
    {
        null => "null",
        string s => "string:" + s,
        ReadOnlyMemory<char> m => "string:" + m,
        IDictionary<string, object> d => "{" + string.Join(",", d.OrderBy(kv => kv.Key, StringComparer.Ordinal).Select(kv => kv.Key + ":" + Value(kv.Value))) + "}",
        System.Collections.IEnumerable e => "[" + string.Join(",", e.Cast<object?>().Select(Value)) + "]",
        _ => value.GetType().Name + ":" + value,
    };
}

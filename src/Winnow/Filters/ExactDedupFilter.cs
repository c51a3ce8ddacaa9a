using System.Collections.ObjectModel;
using Winnow.Components;
using Winnow.Data;

namespace Winnow.Filters;

/// <summary>
/// <c>exact-dedup</c>: a row whose content hash (instruction, input, response and every turn; <see cref="Sample.Hash"/>)
/// equals an earlier row's is set aside as <c>duplicate</c>, pointing at the first occurrence, which stays.
/// </summary>
[Component("exact-dedup", "sets aside exact copies of an earlier row (same content hash); the first occurrence stays")]
[Needs(Text = "the whole row (content hash)")]
public sealed class ExactDedupFilter : IStreamingRowFilter
{
    private readonly Dictionary<ulong, long> _firstByHash = [];

    public static ExactDedupFilter Create(Parameters p) => new();

    public string Name => Declared.Name<ExactDedupFilter>();

    /// <summary>The decision code of the rows it sets aside.</summary>
    public const string DecisionCode = "duplicate";

    public string Code => DecisionCode;

    public IReadOnlyDictionary<string, string> Settings { get; } = ReadOnlyDictionary<string, string>.Empty;

    public string Describe() => "sets aside exact copies of an earlier row";

    public string? Check(Sample row)
    {
        var hash = row.Hash;
        if (_firstByHash.TryGetValue(hash, out var first))
            return $"exact copy of row {first}";
        _firstByHash[hash] = row.Index;
        return null;
    }

    public void Forget()
    {
        _firstByHash.Clear();
        _firstByHash.TrimExcess();
    }
}

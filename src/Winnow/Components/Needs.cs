namespace Winnow.Components;

/// <summary>What a component reads, from its <see cref="NeedsAttribute"/> (all empty when it has none).</summary>
public sealed record Needs(string? Text, string? TextParam, Capability Backend, IReadOnlyList<string> ModelParams, IReadOnlyList<string> ColumnParams, bool Embeddings)
{
    public static Needs From(NeedsAttribute? a) =>
        a is null
            ? new(null, null, Capability.None, [], [], false)
            : new(a.Text, a.TextParam, a.Backend, a.ModelParams ?? [], a.ColumnParams ?? [], a.Embeddings);
}

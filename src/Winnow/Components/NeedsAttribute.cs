namespace Winnow.Components;

/// <summary>
/// What a component reads. <see cref="Text"/>: the row text it reads, or <see cref="TextParam"/>: the parameter that
/// names it. <see cref="ModelParams"/>: parameters naming model folders, which must offer <see cref="Backend"/>.
/// <see cref="ColumnParams"/>: parameters whose values are score columns it reads. <see cref="Embeddings"/>: it needs
/// the recipe's embedder.
/// </summary>
[AttributeUsage(AttributeTargets.Class, AllowMultiple = false, Inherited = false)]
public sealed class NeedsAttribute : Attribute
{
    public string? Text { get; set; }

    public string? TextParam { get; set; }

    public Capability Backend { get; set; }

    public string[]? ModelParams { get; set; }

    public string[]? ColumnParams { get; set; }

    public bool Embeddings { get; set; }
}

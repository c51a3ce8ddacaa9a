namespace Winnow.Components;

/// <summary>The fields a scorer writes; selectors read them as columns <c>scorer.field</c>.</summary>
[AttributeUsage(AttributeTargets.Class, AllowMultiple = false, Inherited = false)]
public sealed class ProducesAttribute(params string[] fields) : Attribute
{
    public IReadOnlyList<string> Fields { get; } = fields;
}

namespace Winnow.Components;

/// <summary>
/// Declares a row filter, scorer, embedder or selector: its registry name (the name the CLI, recipes and docs use; written
/// nowhere else) and a one-line description. The class also carries its <see cref="ParamAttribute"/>s,
/// <see cref="NeedsAttribute"/> and <see cref="ProducesAttribute"/>, and builds the component with a public static
/// <c>Create(Parameters)</c> or a public constructor taking <see cref="Parameters"/>. A family that registers
/// several names (lexical.*) declares one small class per name.
/// </summary>
[AttributeUsage(AttributeTargets.Class, AllowMultiple = false, Inherited = false)]
public sealed class ComponentAttribute(string name, string description) : Attribute
{
    public string Name { get; } = name;

    public string Description { get; } = description;
}

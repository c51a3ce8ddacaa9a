namespace Winnow.Components;

/// <summary>
/// Adds the <see cref="ParamAttribute"/>s declared on <paramref name="group"/> (a class holding only parameter
/// declarations) to a component, so parameters several components share are declared once. With a
/// <see cref="Prefix"/> every key of the group is added with it (deita.quality's complexity_backend, ...).
/// </summary>
[AttributeUsage(AttributeTargets.Class, AllowMultiple = true, Inherited = false)]
public sealed class ParamGroupAttribute(Type group) : Attribute
{
    public Type Group { get; } = group;

    public string Prefix { get; set; } = "";
}

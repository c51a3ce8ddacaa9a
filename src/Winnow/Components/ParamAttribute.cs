namespace Winnow.Components;

/// <summary>
/// One parameter of a component: its key, type, one-line doc, and either a <see cref="Default"/> (the only place the
/// default is written), <see cref="Required"/>, or neither (optional; <see cref="DefaultDoc"/> says what absence
/// means, e.g. "the model's context"). <see cref="Min"/>/<see cref="Max"/> bound numbers (NaN: unbounded),
/// <see cref="Values"/> lists a choice's allowed values.
/// </summary>
[AttributeUsage(AttributeTargets.Class | AttributeTargets.Struct, AllowMultiple = true, Inherited = false)]
public sealed class ParamAttribute(string name, ParamType type, string doc) : Attribute
{
    public string Name { get; } = name;

    public ParamType Type { get; } = type;

    public string Doc { get; } = doc;

    public string? Default { get; set; }

    public string? DefaultDoc { get; set; }

    public bool Required { get; set; }

    public double Min { get; set; } = double.NaN;

    public double Max { get; set; } = double.NaN;

    public bool MinExclusive { get; set; }

    public bool MaxExclusive { get; set; }

    public string[]? Values { get; set; }
}

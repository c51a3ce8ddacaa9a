namespace Winnow.Components;

/// <summary>What a parameter's text must parse as; <see cref="Column"/> and <see cref="Path"/> let the run plan check the value.</summary>
public enum ParamType
{
    /// <summary>A whole number (64-bit).</summary>
    Int,

    /// <summary>A floating-point number; <c>Infinity</c> and <c>-Infinity</c> are allowed where the range allows them.</summary>
    Number,

    /// <summary>true/false (also 1/0, yes/no).</summary>
    Bool,

    /// <summary>One of the declared <see cref="ParamAttribute.Values"/>.</summary>
    Choice,

    /// <summary>Free text.</summary>
    Text,

    /// <summary>A score column, <c>scorer.field</c>.</summary>
    Column,

    /// <summary>A file or folder on disk.</summary>
    Path,

    /// <summary>Comma-separated numbers.</summary>
    NumberList,
}

namespace Winnow.Reporting.Html;

/// <summary>
/// How methods are told apart on charts: the CSS classes s0…s5 give each a colour and a dash pattern, and the map
/// gives each a marker shape, so every chart also reads in greyscale.
/// </summary>
public static class Palette
{
    public const int Series = 6;

    /// <summary>SVG path of the map marker for method <paramref name="method"/>, centred on (x, y).</summary>
    public static string Marker(int method, double x, double y) => (method % Series) switch
    {
        0 => FormattableString.Invariant($"M{x:0.#},{y - 4.5:0.#}l4,7h-8z"),
        1 => FormattableString.Invariant($"M{x - 3.5:0.#},{y - 3.5:0.#}h7v7h-7z"),
        2 => FormattableString.Invariant($"M{x:0.#},{y - 5:0.#}l4,5l-4,5l-4,-5z"),
        3 => FormattableString.Invariant($"M{x - 4:0.#},{y:0.#}h8M{x:0.#},{y - 4:0.#}v8"),
        4 => FormattableString.Invariant($"M{x:0.#},{y + 4.5:0.#}l4,-7h-8z"),
        _ => FormattableString.Invariant($"M{x - 3.5:0.#},{y - 3.5:0.#}l7,7M{x + 3.5:0.#},{y - 3.5:0.#}l-7,7"),
    };

    public static string ShapeName(int method) => (method % Series) switch
    {
        0 => "▲ triangle",
        1 => "■ square",
        2 => "◆ diamond",
        3 => "+ plus",
        4 => "▼ triangle",
        _ => "× cross",
    };
}

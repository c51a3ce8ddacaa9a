namespace Winnow.Data;

/// <summary>
/// One row that the output being written cannot hold: a value of another type than its column, a field with no
/// column, text that is no JSON object. A sink throws it from <c>Write</c> before taking any of the row, so the
/// output is unharmed and later rows can still be written to it.
/// </summary>
public sealed class UnwritableRowException(string message, Exception? inner = null) : Exception(message, inner);

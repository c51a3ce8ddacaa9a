namespace Winnow.Models;

/// <summary>
/// A model folder, weights file or config.json that cannot be used. The message always names the file and the
/// problem, so a user can fix the download rather than guess.
/// </summary>
public sealed class ModelFormatException(string message) : Exception(message);

using Winnow.Data;

namespace Winnow.Pipeline;

/// <summary>Writes the rows rejected at read, each with file, line, field and reason, as one JSON line per row.</summary>
public static class RejectsFile
{
    public static void Write(string path, IEnumerable<RowError> errors)
    {
        using var writer = new RejectsWriter(path);
        foreach (var error in errors)
            writer.Add(error);
        writer.Commit();
    }
}

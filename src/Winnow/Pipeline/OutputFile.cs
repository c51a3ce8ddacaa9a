using Winnow.Data;

namespace Winnow.Pipeline;

/// <summary>Writes a whole report file so that it appears complete or not at all (see <see cref="AtomicOutput"/>).</summary>
public static class OutputFile
{
    public static void Write(string path, Action<Stream> write)
    {
        using var output = AtomicOutput.Create(path);
        write(output.Stream);
        output.Commit();
    }
}

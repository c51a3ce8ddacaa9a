using Winnow.Models.Gguf;

namespace Winnow.Tests.Backends;

/// <summary>
/// GGUF files converted from the shared fixture folders by <see cref="GgufConverter"/> into a temporary folder, once per
/// test class and type (nothing large is committed). Files are named &lt;model&gt;.&lt;type&gt;.gguf.
/// </summary>
public sealed class GgufFixtures : IDisposable
{
    private readonly string _dir = Directory.CreateTempSubdirectory("winnow-gguf-").FullName;
    private readonly Dictionary<string, string> _files = new(StringComparer.Ordinal);
    private readonly object _gate = new();

    public string Path(string model, string type)
    {
        lock (_gate)
        {
            var key = model + "." + type;
            if (!_files.TryGetValue(key, out var path))
            {
                path = System.IO.Path.Combine(_dir, key + ".gguf");
                GgufConverter.Convert(TestPaths.Fixture(model), path, GgufConverter.ParseType(type));
                _files[key] = path;
            }
            return path;
        }
    }

    public void Dispose() => Directory.Delete(_dir, recursive: true);
}

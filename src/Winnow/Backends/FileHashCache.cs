using System.Collections.Concurrent;
using System.Globalization;
using System.Security.Cryptography;
using System.Text;

namespace Winnow.Backends;

/// <summary>
/// SHA-256 of whole files, remembered per file version (full path, size, last-write time) in memory and in a small
/// on-disk cache, so that a 14 GB checkpoint is read once per version instead of once per run. The cache lives in
/// <c>$WINNOW_CACHE_DIR</c>, else <c>$XDG_CACHE_HOME/winnow</c>, else <c>~/.cache/winnow</c>, one file per entry
/// holding its key and hash; an entry whose key does not match, or any cache I/O failure, means hashing again.
/// </summary>
public static class FileHashCache
{
    private static readonly ConcurrentDictionary<string, string> Memory = new(StringComparer.Ordinal);

    /// <summary>Lower-case hex SHA-256 of the whole file.</summary>
    public static string Sha256(string path) => Sha256(path, DefaultRoot());

    /// <summary>As <see cref="Sha256(string)"/> with the on-disk cache in <paramref name="cacheRoot"/> (null: memory only).</summary>
    public static string Sha256(string path, string? cacheRoot)
    {
        var info = new FileInfo(Path.GetFullPath(path));
        if (!info.Exists)
            throw new FileNotFoundException($"{info.FullName}: file not found", info.FullName);
        var key = string.Create(CultureInfo.InvariantCulture, $"{info.FullName}|{info.Length}|{info.LastWriteTimeUtc.Ticks}");
        if (Memory.TryGetValue(key, out var known))
            return known;
        var entry = cacheRoot is null ? null : EntryPath(cacheRoot, key);
        var cached = Read(entry, key);
        var hash = cached ?? Compute(info.FullName);
        if (cached is null)
            Write(entry, key, hash);
        Memory[key] = hash;
        return hash;
    }

    private static string Compute(string path)
    {
        using var stream = new FileStream(path, FileMode.Open, FileAccess.Read, FileShare.Read, 1 << 20, FileOptions.SequentialScan);
        return Convert.ToHexStringLower(SHA256.HashData(stream));
    }

    private static string? DefaultRoot()
    {
        var root = Environment.GetEnvironmentVariable("WINNOW_CACHE_DIR");
        if (!string.IsNullOrEmpty(root))
            return root;
        var xdg = Environment.GetEnvironmentVariable("XDG_CACHE_HOME");
        var home = Environment.GetFolderPath(Environment.SpecialFolder.UserProfile);
        return !string.IsNullOrEmpty(xdg) ? Path.Combine(xdg, "winnow") : string.IsNullOrEmpty(home) ? null : Path.Combine(home, ".cache", "winnow");
    }

    private static string EntryPath(string root, string key)
    {
        var name = Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(key)))[..32];
        return Path.Combine(root, "file-sha256", name);
    }

    private static string? Read(string? entry, string key)
    {
        try
        {
            if (entry is null || !File.Exists(entry))
                return null;
            var lines = File.ReadAllLines(entry);
            return lines.Length == 2 && lines[0] == key && lines[1].Length == 64 ? lines[1] : null;
        }
        catch (IOException)
        {
            return null;
        }
        catch (UnauthorizedAccessException)
        {
            return null;
        }
    }

    private static void Write(string? entry, string key, string hash)
    {
        if (entry is null)
            return;
        try
        {
            Directory.CreateDirectory(Path.GetDirectoryName(entry)!);
            var temp = entry + "." + Environment.ProcessId.ToString(CultureInfo.InvariantCulture) + ".tmp";
            File.WriteAllText(temp, key + "\n" + hash + "\n");
            File.Move(temp, entry, overwrite: true);
        }
        catch (IOException)
        {
            // A read-only or full cache only costs a re-hash next time.
        }
        catch (UnauthorizedAccessException)
        {
            // As above.
        }
    }
}

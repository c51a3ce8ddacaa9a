namespace Winnow.Bench.Clustering;

/// <summary>Locates ../shared/bench beside the repository and reads its raw float16 matrices.</summary>
internal static class SharedBench
{
    public static string Folder
    {
        get
        {
            var dir = new DirectoryInfo(AppContext.BaseDirectory);
            while (dir is not null && !File.Exists(Path.Combine(dir.FullName, "Winnow.slnx")))
                dir = dir.Parent;
            return Path.Combine(dir?.FullName ?? throw new InvalidOperationException("cannot find Winnow.slnx"), "..", "shared", "bench");
        }
    }

    /// <summary>Little-endian IEEE float16, row-major, <paramref name="d"/> columns, widened to float32.</summary>
    public static float[] ReadFloat16(string path, int d, out int rows)
    {
        var bytes = File.ReadAllBytes(path);
        if (bytes.Length % (2 * d) != 0)
            throw new InvalidDataException($"{path}: {bytes.Length} bytes is not a whole number of {d}-column float16 rows");
        rows = bytes.Length / (2 * d);
        var data = new float[bytes.Length / 2];
        for (var i = 0; i < data.Length; i++)
            data[i] = (float)BitConverter.ToHalf(bytes, 2 * i);
        return data;
    }
}

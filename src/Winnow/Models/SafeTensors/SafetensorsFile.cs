using System.IO.MemoryMappedFiles;

namespace Winnow.Models.SafeTensors;

/// <summary>
/// One validated <c>.safetensors</c> file, memory-mapped read-only. Tensors are widened to float32 when read
/// (<see cref="ReadSingle"/>): the engine computes in float32 only, so F16/BF16 weights cost float32 memory
/// once loaded (upcasting is exact) and the map itself is only touched while loading.
/// </summary>
public sealed class SafetensorsFile : IDisposable
{
    private readonly MemoryMappedFile? _map;
    private readonly MemoryMappedViewAccessor? _view;
    private readonly long _dataStart;

    private SafetensorsFile(string path, SafetensorsHeader.Parsed header, MemoryMappedFile? map, MemoryMappedViewAccessor? view)
    {
        FilePath = path;
        Tensors = header.Tensors;
        Metadata = header.Metadata;
        _dataStart = header.DataStart;
        _map = map;
        _view = view;
    }

    public string FilePath { get; }

    public IReadOnlyDictionary<string, TensorEntry> Tensors { get; }

    public IReadOnlyDictionary<string, string> Metadata { get; }

    public static SafetensorsFile Open(string path)
    {
        var stream = new FileStream(path, FileMode.Open, FileAccess.Read, FileShare.Read);
        try
        {
            var header = SafetensorsHeader.Read(path, stream);
            if (stream.Length == header.DataStart)
            {
                stream.Dispose();
                return new SafetensorsFile(path, header, null, null);
            }
            var map = MemoryMappedFile.CreateFromFile(stream, null, 0, MemoryMappedFileAccess.Read, HandleInheritability.None, leaveOpen: false);
            var view = map.CreateViewAccessor(0, 0, MemoryMappedFileAccess.Read);
            return new SafetensorsFile(path, header, map, view);
        }
        catch
        {
            stream.Dispose();
            throw;
        }
    }

    /// <summary>Reads a float tensor (F32, F16, BF16 or F64) widened to float32, row-major as stored.</summary>
    public unsafe float[] ReadSingle(string name)
    {
        if (!Tensors.TryGetValue(name, out var entry))
            throw new ModelFormatException($"{FilePath}: no tensor named '{name}'");
        if (!TensorDTypes.IsFloat(entry.DType))
            throw new ModelFormatException($"{FilePath}: tensor '{name}' is {entry.DType}; only F32, F16, BF16 and F64 weights can be loaded");
        if (entry.ElementCount > Array.MaxLength)
            throw new ModelFormatException($"{FilePath}: tensor '{name}' has {entry.ElementCount} elements, more than one array can hold");
        var result = new float[entry.ElementCount];
        if (result.Length == 0)
            return result;
        var handle = _view!.SafeMemoryMappedViewHandle;
        byte* basePointer = null;
        handle.AcquirePointer(ref basePointer);
        try
        {
            var start = basePointer + _view.PointerOffset + _dataStart + entry.Begin;
            // Convert in chunks so a multi-GB tensor never needs a span longer than int.MaxValue bytes.
            const int chunkElements = 1 << 24;
            var size = TensorDTypes.SizeInBytes(entry.DType);
            for (long done = 0; done < result.Length; done += chunkElements)
            {
                var count = (int)Math.Min(chunkElements, result.Length - done);
                var source = new ReadOnlySpan<byte>(start + done * size, count * size);
                TensorDTypes.ToSingle(entry.DType, source, result.AsSpan((int)done, count));
            }
        }
        finally
        {
            handle.ReleasePointer();
        }
        return result;
    }

    public void Dispose()
    {
        _view?.Dispose();
        _map?.Dispose();
    }
}

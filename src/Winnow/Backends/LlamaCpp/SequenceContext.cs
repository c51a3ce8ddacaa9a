using LLama;
using LLama.Common;
using LLama.Native;

namespace Winnow.Backends.LlamaCpp;

/// <summary>
/// The llama.cpp context of one backend, sized to the rows it is given so that it never refuses a row the model's
/// positions allow (the managed engine's limit too), without reserving the trained context up front (a 7B model's
/// F32 KV cache is 1 MiB per token). It holds <see cref="Slots"/> sequences of <see cref="Capacity"/> cells each, in
/// separate KV streams (not unified, so a row's attention reads only its own cells). A row longer than the capacity
/// grows it — to the next multiple of 256 at least double the old one, at most the trained context — and the context
/// is rebuilt; the slots shrink so that the KV cache stays within <see cref="TokenBudget"/> cells. Tokens go to
/// llama.cpp in decode calls of at most one capacity (llama.cpp caps a call at one stream's size), so a long row is
/// decoded in context-sized chunks over its kept KV cells: exactly the numbers of one call.
/// </summary>
internal sealed class SequenceContext(LLamaWeights weights, Func<uint, uint, ModelParams> parameters, int maxContext) : IDisposable
{
    /// <summary>KV cells held across all slots (unless one row needs more): 2 GiB of F32 cache for a 7B model.</summary>
    public const int TokenBudget = 2048;

    private const int MaxSlots = 16;
    private const int Granule = 256;

    private LLamaContext? _context;

    /// <summary>Cells per sequence of the current context (0 before the first call).</summary>
    public int Capacity { get; private set; }

    /// <summary>Sequences decoded together.</summary>
    public int Slots { get; private set; }

    public SafeLLamaContextHandle Handle => _context!.NativeHandle;

    /// <summary>
    /// Decodes every row (each from position 0, as if alone) and calls <paramref name="read"/> with (row, slot in the
    /// row's position list, index in the current decode call) for every requested position, right after the call
    /// that computed it; <paramref name="embeddings"/> switches llama.cpp's output from logits to hidden states for
    /// this call. The KV cache is cleared after each group of rows.
    /// </summary>
    public void Decode(IReadOnlyList<int[]> rows, IReadOnlyList<int[]> positions, Action<int, int, int> read, bool embeddings)
    {
        if (rows.Count == 0)
            return;
        Fit(rows.Max(r => r.Length));
        Handle.SetEmbeddings(embeddings);
        try
        {
            DecodeGroups(rows, positions, read);
        }
        finally
        {
            Handle.SetEmbeddings(false);
        }
    }

    private void DecodeGroups(IReadOnlyList<int[]> rows, IReadOnlyList<int[]> positions, Action<int, int, int> read)
    {
        var chunk = (int)Handle.BatchSize;
        for (var start = 0; start < rows.Count; start += Slots)
        {
            var end = Math.Min(rows.Count, start + Slots);
            var batch = new LLamaBatch();
            var pending = new List<(int Row, int Slot, int Index)>();
            try
            {
                for (var r = start; r < end; r++)
                {
                    var wanted = Wanted(positions[r]);
                    for (var t = 0; t < rows[r].Length; t++)
                    {
                        if (batch.TokenCount == chunk)
                            Flush(batch, pending, read, start, end);
                        wanted.TryGetValue(t, out var slots);
                        if (slots is not null)
                            pending.AddRange(slots.Select(j => (r, j, batch.TokenCount)));
                        batch.Add((LLamaToken)rows[r][t], t, (LLamaSeqId)(r - start), slots is not null);
                    }
                }
                Flush(batch, pending, read, start, end);
            }
            finally
            {
                Handle.MemoryClear(true);
            }
        }
    }

    private void Flush(LLamaBatch batch, List<(int Row, int Slot, int Index)> pending, Action<int, int, int> read, int start, int end)
    {
        if (batch.TokenCount == 0)
            return;
        var result = Handle.Decode(batch);
        if (result != DecodeResult.Ok)
            throw new InvalidOperationException($"llama.cpp decode failed ({result}) for rows {start}..{end - 1}");
        foreach (var (row, slot, index) in pending)
            read(row, slot, index);
        pending.Clear();
        batch.Clear();
    }

    private static Dictionary<int, List<int>> Wanted(int[] positions)
    {
        var wanted = new Dictionary<int, List<int>>();
        for (var j = 0; j < positions.Length; j++)
        {
            if (!wanted.TryGetValue(positions[j], out var list))
                wanted[positions[j]] = list = [];
            list.Add(j);
        }
        return wanted;
    }

    /// <summary>Rebuilds the context when <paramref name="longest"/> exceeds the capacity (see the class comment).</summary>
    private void Fit(int longest)
    {
        if (_context is not null && longest <= Capacity)
            return;
        var ceiling = RoundUp(maxContext);
        var capacity = Math.Min(ceiling, Math.Max(RoundUp(longest), 2 * Capacity));
        var slots = Math.Clamp(TokenBudget / capacity, 1, MaxSlots);
        _context?.Dispose();
        _context = null;
        var context = weights.CreateContext(parameters((uint)capacity, (uint)slots));
        // llama.cpp pads and splits the context itself; what counts is the cells each sequence really has.
        var perSequence = (int)(context.NativeHandle.ContextSize / context.NativeHandle.MaxSeq);
        if (perSequence < longest || context.NativeHandle.BatchSize == 0)
        {
            context.Dispose();
            throw new InvalidOperationException($"llama.cpp gave {perSequence} cells per sequence for a {longest}-token row (asked for {capacity})");
        }
        _context = context;
        Capacity = perSequence;
        Slots = (int)context.NativeHandle.MaxSeq;
    }

    private static int RoundUp(int tokens) => (tokens + Granule - 1) / Granule * Granule;

    public void Dispose() => _context?.Dispose();
}

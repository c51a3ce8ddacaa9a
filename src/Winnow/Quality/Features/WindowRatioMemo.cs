using System.Runtime.CompilerServices;
using System.Runtime.Intrinsics.X86;

namespace Winnow.Quality.Features;

/// <summary>
/// A memory of the log-ratios of recently scored byte windows of one <see cref="PairedByteLmTable"/>, which holds its
/// memos and lends each to one caller at a time (so they go with the table, not with the threads that used them).
/// A position's two probabilities are a function of its window alone (its byte and the Order − 1 ids before it,
/// padding &lt;s&gt; included), computed by the same expressions every time, so a window met again has exactly the
/// ratio it had before: its probes and logarithms can be skipped. Text repeats its short byte strings ("the ",
/// "ing t"), so most positions find their window here: on the generated pools 84 % of them with 2^18 slots, 71 %
/// with 2^16 (the 100k select's quality stage took 24.5 and 27.2 CPU-s against 30.9 without a memo; 2^20 slots took
/// 20.6 in two runs, at 16 MiB a thread). Direct-mapped, 4 MiB for each caller at a time; a colliding window simply
/// replaces the one it meets.
/// </summary>
internal sealed class WindowRatioMemo
{
    private const int SlotBits = 18;

    private readonly Slot[] _slots = new Slot[1 << SlotBits];

    /// <summary>An empty memo: windows are non-negative, so −1 marks an empty slot.</summary>
    public WindowRatioMemo() => Array.Fill(_slots, new Slot(-1, 0));

    public bool TryGet(long window, out double ratio)
    {
        ref readonly var slot = ref _slots[Index(window)];
        ratio = slot.Ratio;
        return slot.Window == window;
    }

    /// <summary>Asks for the cache line of the window's slot (a hint: it changes nothing).</summary>
    public unsafe void Prefetch(long window)
    {
        if (Sse.IsSupported)
            Sse.Prefetch0(Unsafe.AsPointer(ref _slots[Index(window)]));
    }

    public void Set(long window, double ratio) => _slots[Index(window)] = new Slot(window, ratio);

    private static int Index(long window) => (int)(((ulong)window * 0x9E3779B97F4A7C15UL) >> (64 - SlotBits));

    private readonly record struct Slot(long Window, double Ratio);
}

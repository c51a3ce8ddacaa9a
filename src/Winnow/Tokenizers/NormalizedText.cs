namespace Winnow.Tokenizers;

/// <summary>
/// A piece of text on its way through the pipeline together with, for every UTF-16 unit, the span of the
/// original input it came from. When nothing has changed the lengths, the alignment is the identity shifted
/// by <see cref="Base"/> and no per-unit arrays are kept (a 10 MB input must not cost 80 MB of offsets).
/// </summary>
internal sealed class NormalizedText
{
    private readonly int[]? _starts;
    private readonly int[]? _ends;

    public string Text { get; }

    /// <summary>Original offset of unit 0 when the alignment is the identity.</summary>
    public int Base { get; }

    private NormalizedText(string text, int baseOffset, int[]? starts, int[]? ends)
    {
        Text = text;
        Base = baseOffset;
        _starts = starts;
        _ends = ends;
    }

    public int Length => Text.Length;

    public bool IsIdentity => _starts is null;

    /// <summary>A text whose unit i comes from original unit <paramref name="baseOffset"/> + i.</summary>
    public static NormalizedText Identity(string text, int baseOffset) => new(text, baseOffset, null, null);

    /// <summary>A text with explicit per-unit alignments (arrays are owned by the new instance).</summary>
    public static NormalizedText Aligned(string text, int[] starts, int[] ends) => new(text, 0, starts, ends);

    /// <summary>Same alignment as this text, different characters of the same length (e.g. ' ' → '▁').</summary>
    public NormalizedText WithSameLengthText(string text) => new(text, Base, _starts, _ends);

    public int OriginalStart(int i) => _starts is null ? Base + i : _starts[i];

    public int OriginalEnd(int i) => _ends is null ? Base + i + 1 : _ends[i];

    /// <summary>Original span covered by units [start, end); an empty range maps to an empty span.</summary>
    public (int Start, int End) OriginalSpan(int start, int end)
    {
        if (end <= start)
        {
            int at = start < Length ? OriginalStart(start) : Length == 0 ? Base : OriginalEnd(Length - 1);
            return (at, at);
        }
        return (OriginalStart(start), OriginalEnd(end - 1));
    }

    public NormalizedText Slice(int start, int end)
    {
        if (start == 0 && end == Length) return this;
        string text = Text.Substring(start, end - start);
        if (_starts is null) return new NormalizedText(text, Base + start, null, null);
        return new NormalizedText(text, 0, _starts.AsSpan(start, end - start).ToArray(), _ends.AsSpan(start, end - start).ToArray());
    }

    /// <summary>Joins consecutive pieces (used by split behaviours that merge a delimiter into a neighbour).</summary>
    public static NormalizedText Concat(NormalizedText a, NormalizedText b)
    {
        if (a.Length == 0) return b;
        if (b.Length == 0) return a;
        if (a.IsIdentity && b.IsIdentity && a.Base + a.Length == b.Base)
            return new NormalizedText(a.Text + b.Text, a.Base, null, null);
        var builder = new Builder(a.Length + b.Length);
        builder.AppendAligned(a, 0, a.Length);
        builder.AppendAligned(b, 0, b.Length);
        return builder.Build();
    }

    /// <summary>Builds a new aligned text unit by unit (plain arrays: this is on the hot path of every normalizer).</summary>
    internal sealed class Builder(int capacity)
    {
        private char[] _text = new char[Math.Max(capacity, 4)];
        private int[] _starts = new int[Math.Max(capacity, 4)];
        private int[] _ends = new int[Math.Max(capacity, 4)];

        public int Length { get; private set; }

        public void Append(char c, int originalStart, int originalEnd)
        {
            if (Length == _text.Length) Grow();
            _text[Length] = c;
            _starts[Length] = originalStart;
            _ends[Length] = originalEnd;
            Length++;
        }

        public void Append(ReadOnlySpan<char> chars, int originalStart, int originalEnd)
        {
            foreach (char c in chars) Append(c, originalStart, originalEnd);
        }

        /// <summary>Copies units [start, end) of <paramref name="source"/> keeping their alignment.</summary>
        public void AppendAligned(NormalizedText source, int start, int end)
        {
            for (int i = start; i < end; i++) Append(source.Text[i], source.OriginalStart(i), source.OriginalEnd(i));
        }

        private void Grow()
        {
            int size = _text.Length * 2;
            Array.Resize(ref _text, size);
            Array.Resize(ref _starts, size);
            Array.Resize(ref _ends, size);
        }

        public NormalizedText Build() =>
            Aligned(new string(_text, 0, Length), _starts.AsSpan(0, Length).ToArray(), _ends.AsSpan(0, Length).ToArray());
    }
}

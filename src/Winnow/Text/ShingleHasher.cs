using System.Text;

namespace Winnow.Text;

/// <summary>
/// <see cref="MinHashLsh.Shingles"/> without per-word strings: the lower-cased text is split into WordPunct tokens by
/// <see cref="WordPunctClasses"/>, each token encoded once as UTF-8 into one buffer, and every bigram "first second"
/// assembled from those bytes and hashed, 16 or 8 at a time by <see cref="Sha1Lanes"/> (longer ones one by one by
/// <see cref="Sha1Hash32"/>). Its buffers are reused from row to row, so one instance serves one thread. The tests hold it to <see cref="MinHashLshReference.Shingles"/>.
/// </summary>
internal sealed class ShingleHasher
{
    private char[] _lower = new char[1024];
    private byte[] _utf8 = new byte[1024];
    private int[] _tokenEnds = new int[256];
    private uint[] _hashes = new uint[256];
    private byte[] _message = new byte[256];
    private readonly uint[] _words;
    private readonly uint[] _laneHashes;

    /// <summary>Bigrams hashed together by <see cref="Sha1Lanes"/> (0: one at a time by <see cref="Sha1Hash32"/>).</summary>
    public ShingleHasher(int width)
    {
        Width = width;
        _words = new uint[16 * Math.Max(width, 1)];
        _laneHashes = new uint[Math.Max(width, 1)];
    }

    public ShingleHasher()
        : this(Sha1Lanes.BestWidth)
    {
    }

    public int Width { get; }

    /// <summary>Sorted distinct hashes of the text's word bigrams (a one-word text is its own shingle), valid until the next call.</summary>
    public ReadOnlySpan<uint> Hash(string text)
    {
        var hashes = HashEach(text);
        hashes.Sort();
        var distinct = Math.Min(1, hashes.Length);
        for (var i = 1; i < hashes.Length; i++)
        {
            if (hashes[i] != hashes[distinct - 1])
                hashes[distinct++] = hashes[i];
        }
        return hashes[..distinct];
    }

    /// <summary>
    /// One hash for each of the text's word bigrams, repeats included, in no set order (a one-word text is its own
    /// shingle), valid until the next call: the set of <see cref="Hash"/> without its sort, for a MinHash signature,
    /// whose minima neither a repeat nor the order changes.
    /// </summary>
    public Span<uint> HashEach(string text)
    {
        var tokens = Tokenize(LowerCase(text));
        if (tokens == 0)
            return [];
        if (tokens == 1)
        {
            _hashes[0] = Sha1Hash32.Of(_utf8.AsSpan(0, _tokenEnds[0]));
            return _hashes.AsSpan(0, 1);
        }
        var hashes = _hashes.AsSpan(0, tokens - 1);
        var (filled, pending, start) = (0, 0, 0);
        for (var i = 0; i + 1 < tokens; i++)
        {
            var (middle, end) = (_tokenEnds[i], _tokenEnds[i + 1]);
            var length = end - start + 1;
            if (_message.Length < length)
                _message = new byte[Math.Max(length, 2 * _message.Length)];
            _utf8.AsSpan(start, middle - start).CopyTo(_message);
            _message[middle - start] = (byte)' ';
            _utf8.AsSpan(middle, end - middle).CopyTo(_message.AsSpan(middle - start + 1));
            if (Width == 0 || length > Sha1Lanes.MaxMessageBytes)
                hashes[filled++] = Sha1Hash32.Of(_message.AsSpan(0, length));
            else
            {
                Sha1Lanes.Stage(_message.AsSpan(0, length), _words, pending++, Width);
                if (pending == Width)
                    (filled, pending) = (filled + Flush(pending, hashes[filled..]), 0);
            }
            start = middle;
        }
        // The last batch's unused lanes still hold earlier blocks: hashed again, and ignored.
        if (pending > 0)
            Flush(pending, hashes[filled..]);
        return hashes;
    }

    /// <summary>Hashes the staged blocks and copies the first <paramref name="lanes"/> hashes; returns how many.</summary>
    private int Flush(int lanes, Span<uint> into)
    {
        Sha1Lanes.Hash(_words, Width, _laneHashes);
        _laneHashes.AsSpan(0, lanes).CopyTo(into);
        return lanes;
    }

    /// <summary>
    /// ToLowerInvariant of the text: ASCII (most rows) by hand into the reused buffer, anything else by the library,
    /// whose full mapping (surrogate pairs included) the reference uses.
    /// </summary>
    private ReadOnlySpan<char> LowerCase(string text)
    {
        if (!Ascii.IsValid(text))
            return text.ToLowerInvariant();
        if (_lower.Length < text.Length)
            _lower = new char[Math.Max(text.Length, 2 * _lower.Length)];
        var lower = _lower.AsSpan(0, text.Length);
        Ascii.ToLower(text, lower, out _);
        return lower;
    }

    /// <summary>
    /// Splits the lower-cased text into maximal runs of word or of other non-space units, encodes each as UTF-8 one
    /// after another into <c>_utf8</c> (no separators) and records where each ends; returns the number of tokens.
    /// </summary>
    private int Tokenize(ReadOnlySpan<char> lower)
    {
        var maxBytes = Encoding.UTF8.GetMaxByteCount(lower.Length);
        if (_utf8.Length < maxBytes)
            _utf8 = new byte[Math.Max(maxBytes, 2 * _utf8.Length)];
        var (tokens, used, i) = (0, 0, 0);
        while (WordPunctClasses.NextToken(lower, ref i, out var start))
        {
            used += Encoding.UTF8.GetBytes(lower[start..i], _utf8.AsSpan(used));
            if (tokens == _tokenEnds.Length)
            {
                Array.Resize(ref _tokenEnds, 2 * tokens);
                Array.Resize(ref _hashes, 2 * tokens);
            }
            _tokenEnds[tokens++] = used;
        }
        return tokens;
    }
}

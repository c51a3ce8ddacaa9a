using System.Runtime.InteropServices;
using System.Runtime.Intrinsics;
using System.Text.Json;

namespace Winnow.Bench.Generation;

/// <summary>
/// One source's vocabulary as the UTF-8 bytes <see cref="Utf8JsonWriter"/> writes for each word inside a JSON string
/// (escaped by <see cref="JsonEncodedText"/>, which uses the writer's default encoder). Escaping works character by
/// character, so a text's escaped form is its words' escaped forms joined by spaces, which need no escape.
/// Each word is kept with the space that follows it; one that fits in 15 bytes also sits in a 16-byte slot whose last
/// byte is its length, so appending it costs one load and one store, from one cache line (the word draws jump all
/// over the vocabulary, so its misses are what a row costs).
/// </summary>
internal sealed class EscapedVocabulary
{
    private const int SlotBytes = 16;

    private readonly Vector128<byte>[] _slots;
    private readonly byte[][] _words;

    public EscapedVocabulary(SourceProfile profile)
    {
        _words = Enumerable.Range(0, profile.VocabularySize).Select(r => Spaced(JsonEncodedText.Encode(profile.WordAt(r)).EncodedUtf8Bytes)).ToArray();
        _slots = _words.Select(Slot).ToArray();
    }

    /// <summary>Appends the words of <paramref name="ranks"/>, separated by single spaces, to <paramref name="to"/>.</summary>
    public void AppendText(List<int> ranks, ByteBuffer to)
    {
        var span = CollectionsMarshal.AsSpan(ranks);
        if (span.Length == 0)
            return;
        foreach (var rank in span)
        {
            var slot = _slots[rank];
            var length = slot.GetElement(SlotBytes - 1);
            if (length != 0)
                to.Append(slot, length);
            else
                to.Append(_words[rank]);
        }
        to.RemoveLast();
    }

    private static byte[] Spaced(ReadOnlySpan<byte> word)
    {
        var spaced = new byte[word.Length + 1];
        word.CopyTo(spaced);
        spaced[^1] = (byte)' ';
        return spaced;
    }

    /// <summary>The word's bytes and, in the last byte, their count; all zero (no length) for a word too long for a slot.</summary>
    private static Vector128<byte> Slot(byte[] word)
    {
        Span<byte> slot = stackalloc byte[SlotBytes];
        slot.Clear();
        if (word.Length < SlotBytes)
        {
            word.CopyTo(slot);
            slot[^1] = (byte)word.Length;
        }
        return Vector128.Create<byte>(slot);
    }
}

namespace Winnow.Tokenizers.Normalizers;

/// <summary>Removes leading and/or trailing white space.</summary>
internal sealed class StripNormalizer(bool left, bool right) : INormalizer
{
    public NormalizedText Normalize(NormalizedText input)
    {
        string t = input.Text;
        int start = 0, end = t.Length;
        if (left) while (start < end && char.IsWhiteSpace(t[start])) start++;
        if (right) while (end > start && char.IsWhiteSpace(t[end - 1])) end--;
        return input.Slice(start, end);
    }
}

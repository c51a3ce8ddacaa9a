using Winnow.Data;
namespace Winnow.Embedding;

/// <summary>Settings of <see cref="HashedTfidfEmbedder"/>; the registry parameter of each is named in its comment.</summary>
public sealed record HashedTfidfOptions
{
    /// <summary><c>text</c>: whole (default), instruction, response or conversation.</summary>
    public RowText Text { get; init; } = RowText.Exchange;

    /// <summary><c>seed</c>: seed of the random projection.</summary>
    public long Seed { get; init; }

    /// <summary><c>dim</c>: output dimension.</summary>
    public int Dim { get; init; } = 256;

    /// <summary><c>bits</c>: log2 of the number of hash buckets (18 → 262,144; the document-frequency table is 2^bits ints).</summary>
    public int Bits { get; init; } = 18;

    /// <summary><c>threads</c>: rows embedded in parallel; the output does not depend on it.</summary>
    public int Threads { get; init; } = Environment.ProcessorCount;
}

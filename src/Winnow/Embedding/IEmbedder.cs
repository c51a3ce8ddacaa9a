using Winnow.Data;

namespace Winnow.Embedding;

/// <summary>
/// Maps rows to fixed-size vectors. <see cref="Fit"/> gets one streaming pass over the pool first (pool
/// statistics such as IDF); <see cref="Embed"/> then writes one row of <paramref name="target"/> per sample.
/// </summary>
public interface IEmbedder
{
    string Name { get; }

    int Dim { get; }

    IReadOnlyDictionary<string, string> Settings { get; }

    void Fit(IEnumerable<Sample> pool, CancellationToken cancellationToken);

    void Embed(IReadOnlyList<Sample> batch, EmbeddingMatrix target, int firstRow, CancellationToken cancellationToken);
}

using Winnow.Pipeline;
using Winnow.Embedding;

namespace Winnow.Selection;

/// <summary>Everything a selector may read: row ids, score columns and, for clustering selectors, embeddings.</summary>
public sealed class SelectionContext
{
    /// <summary>Stable row ids, one per pool row; row numbers below index this list.</summary>
    public required IReadOnlyList<string> Ids { get; init; }

    /// <summary>Score columns by name (e.g. <c>ifd.ifd</c>, <c>lexical.mtld</c>); NaN marks a row whose scorer failed.</summary>
    public IReadOnlyDictionary<string, double[]> Scores { get; init; } = new Dictionary<string, double[]>();

    public EmbeddingMatrix? Embeddings { get; init; }

    public int Seed { get; init; }

    /// <summary>Where long selection phases (k-means, assignment, greedy passes) report progress; null for none.</summary>
    public IProgress<StageProgress>? Progress { get; init; }

    public int Count => Ids.Count;

    public double[] Column(string name) =>
        Scores.TryGetValue(name, out var column)
            ? column
            : throw new ArgumentException($"score column '{name}' is not available; have: {string.Join(", ", Scores.Keys.Order(StringComparer.Ordinal))}");

    public EmbeddingMatrix RequireEmbeddings(string selector) =>
        Embeddings ?? throw new ArgumentException($"selector '{selector}' needs embeddings");
}

/// <summary>A chosen row: its row number, its 0-based rank in the output order, and why it was chosen.</summary>
public readonly record struct Pick(int Row, int Rank, string Reason)
{
    /// <summary>The row was chosen for coverage (e.g. CaR's best row of a cluster): later steps give it up last.</summary>
    public bool Covers { get; init; }
}

/// <summary>A row not chosen and why (below threshold, near-duplicate of row X, budget exhausted...).</summary>
public readonly record struct Rejection(int Row, string Reason);

/// <summary>Selected rows in output order plus every other row with its reason: no row goes unaccounted for.</summary>
public sealed record SelectionResult(IReadOnlyList<Pick> Selected, IReadOnlyList<Rejection> Rejected);

/// <summary>Chooses at most <c>budget</c> rows from the pool.</summary>
public interface ISelector
{
    string Name { get; }

    IReadOnlyDictionary<string, string> Settings { get; }

    SelectionResult Select(SelectionContext context, int budget, CancellationToken cancellationToken);
}

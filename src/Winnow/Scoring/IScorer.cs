using Winnow.Data;

namespace Winnow.Scoring;

/// <summary>
/// Scores rows. A scorer has a registry name (as used in the CLI and in YAML recipes), a variant, the names of
/// the values it writes for each row, and the parameters that produced them (for provenance).
/// <see cref="Score"/> returns exactly one result per input row, in order.
/// </summary>
public interface IScorer
{
    /// <summary>Registry name, e.g. <c>lexical</c>, <c>ngram-lm</c>, <c>dsir</c>.</summary>
    string Name { get; }

    /// <summary>Named variant of the method (e.g. <c>cherry</c> vs <c>superfiltering</c>); <c>default</c> when there is one.</summary>
    string Variant { get; }

    /// <summary>Names of the values in <see cref="ScoreResult.Values"/>, e.g. <c>["ttr", "mtld"]</c>.</summary>
    IReadOnlyList<string> Fields { get; }

    /// <summary>Every parameter that influences the values (after defaults are applied), for provenance.</summary>
    IReadOnlyDictionary<string, string> Settings { get; }

    IReadOnlyList<ScoreResult> Score(IReadOnlyList<Sample> batch, CancellationToken cancellationToken);
}

/// <summary>
/// A scorer whose model is estimated from the pool itself (n-gram LM, DSIR raw distribution, IDF). <see cref="Fit"/>
/// is given one streaming pass over the whole pool before any <see cref="IScorer.Score"/> call; it must be
/// deterministic so that a resumed run scores the remaining rows with the same model.
/// </summary>
public interface IPoolFittedScorer : IScorer
{
    void Fit(IEnumerable<Sample> pool, CancellationToken cancellationToken);
}

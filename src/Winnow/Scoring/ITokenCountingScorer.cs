using Winnow.Data;

namespace Winnow.Scoring;

/// <summary>
/// A scorer that runs a language model and can say, without running it, how many tokens the model will read for a row:
/// the tokenizer's count of every sequence it would run (all passes, after truncation), 0 for a row it refuses before
/// the model runs. <c>winnow plan</c> sums it over the pool to size a run before it starts.
/// </summary>
public interface ITokenCountingScorer : IScorer
{
    int CountTokens(Sample row);
}

using System.Globalization;
using Winnow.Components;
using Winnow.Selection.Clustering;

namespace Winnow.Selection.Selectors;

/// <summary>
/// <c>random</c>: the first <c>budget</c> rows of a seeded permutation of the pool (the clustering code's
/// xoshiro256** generator + Fisher–Yates),
/// output in permutation order. The seed is the run seed unless the <c>seed</c> parameter overrides it.
/// </summary>
[Component("random", "seeded uniform random sample")]
[Param("seed", ParamType.Int, "seed of the permutation", DefaultDoc = "the run seed")]
public sealed class RandomSelector(long? seed) : ISelector
{
    public string Name => Declared.Name<RandomSelector>();

    public IReadOnlyDictionary<string, string> Settings { get; } = new Dictionary<string, string>(StringComparer.Ordinal)
    {
        ["seed"] = seed?.ToString(CultureInfo.InvariantCulture) ?? "run seed",
    };

    public static ISelector Create(Parameters p) => new RandomSelector(p.GetOptionalLong("seed"));

    public SelectionResult Select(SelectionContext context, int budget, CancellationToken cancellationToken)
    {
        var outcome = new Outcome(context.Count, budget);
        var order = new SeededRandom(seed ?? context.Seed).Permutation(context.Count);
        for (var i = 0; i < order.Length && !outcome.Full; i++)
            outcome.Pick(order[i], $"random draw {i + 1}");
        return outcome.Finish(_ => $"not drawn within budget {budget}");
    }
}

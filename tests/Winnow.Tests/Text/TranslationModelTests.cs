using Winnow.Text;

namespace Winnow.Tests.Text;

public class TranslationModelTests
{
    private const int U1 = 10, U2 = 11, W1 = 20, W2 = 21;
    private const int Null = TranslationModel.Null;

    // Pairs (u1 → w1 w2) and (u1 u2 → w1).
    private static readonly List<(int[] Source, int[] Target)> Pairs = [([U1], [W1, W2]), ([U1, U2], [W1])];

    [Fact]
    public void FirstIterationFromUniform()
    {
        // Uniform start: a pair's expected count is c_w·c_u/(|S| + 1). Pair 1 (|S| = 1): 1/2 to (u1, w1), (u1, w2), (NULL, w1),
        // (NULL, w2). Pair 2 (|S| = 2): 1/3 to (u1, w1), (u2, w1), (NULL, w1).
        // u1: w1 5/6, w2 1/2 → total 4/3 → t(w1|u1) = 5/8, t(w2|u1) = 3/8; u2: t(w1|u2) = 1; NULL like u1: 5/8, 3/8.
        var model = TranslationModel.Train(Pairs, 1, 32, 1, default);
        Assert.Equal(5.0 / 8, model.T(W1, U1), 12);
        Assert.Equal(3.0 / 8, model.T(W2, U1), 12);
        Assert.Equal(1.0, model.T(W1, U2), 12);
        Assert.Equal(5.0 / 8, model.T(W1, Null), 12);
    }

    [Fact]
    public void SecondIterationEStep()
    {
        // With the table above: pair 1, w1: u1 .625 and NULL .625 → 1/2 each; w2: 1/2 each.
        // Pair 2, w1: u1 .625, u2 1, NULL .625 → denominator 2.25 → u1 gets .625/2.25 = 5/18.
        // u1: w1 1/2 + 5/18 = 7/9, w2 1/2 → t(w1|u1) = (7/9)/(7/9 + 1/2) = 14/23.
        var model = TranslationModel.Train(Pairs, 2, 32, 1, default);
        Assert.Equal(14.0 / 23, model.T(W1, U1), 12);
        Assert.Equal(9.0 / 23, model.T(W2, U1), 12);
        Assert.Equal(1.0, model.T(W1, U2), 12);
    }

    [Fact]
    public void PruningAndRareSources()
    {
        // top = 1 keeps w1 (5/8 > 3/8) for u1 and renormalises it to 1; min rows 2 drops u2 (one row only).
        var model = TranslationModel.Train(Pairs, 1, 1, 2, default);
        Assert.Equal(1.0, model.T(W1, U1), 12);
        Assert.Equal(0.0, model.T(W2, U1), 12);
        Assert.False(model.HasSource(U2));
        Assert.True(model.HasSource(Null));
    }

    [Fact]
    public void InstructionLikelihoodAveragesSourcesWithNull()
    {
        // p(w1 | {u1}) = (t(w1|NULL) + t(w1|u1)) / 2 = (5/8 + 5/8)/2; an instruction of unknown words leaves NULL alone.
        var model = TranslationModel.Train(Pairs, 1, 32, 1, default);
        Assert.Equal(5.0 / 8, model.Probability(W1, model.Sources([U1])), 12);
        Assert.Equal(5.0 / 8, model.Probability(W1, model.Sources([99])), 12);
        // u1 and u2: (5/8 + 5/8 + 1)/3 = 0.75.
        Assert.Equal(0.75, model.Probability(W1, model.Sources([U1, U2])), 12);
    }
}

using Winnow.Text;

namespace Winnow.Tests.Text;

public class MixtureWeightsTests
{
    [Fact]
    public void DisjointComponentsGetTheirTokenShare()
    {
        // From (1/2, 1/2): tokens explained only by component 1, 1, 2 → posterior shares (2, 1) → (2/3, 1/3), a fixed point.
        var lambdas = MixtureWeights.Fit([[1.0, 0.0], [1.0, 0.0], [0.0, 1.0]], 2);
        Assert.Equal(2.0 / 3, lambdas[0], 12);
        Assert.Equal(1.0 / 3, lambdas[1], 12);
    }

    [Fact]
    public void DominatedComponentVanishes()
    {
        // One token, p = (0.5, 1): the likelihood 0.5λ1 + λ2 is largest at λ2 = 1; EM halves λ1 about every step.
        var lambdas = MixtureWeights.Fit([[0.5, 1.0]], 2, 60);
        Assert.True(lambdas[1] > 1 - 1e-9);
    }
}

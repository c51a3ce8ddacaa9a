using Xunit.Abstractions;

namespace Winnow.Tests.Models.Training;

/// <summary>
/// Every parameter's gradient of the masked mean cross-entropy equals PyTorch autograd's (float64 reference from
/// an independent implementation whose forward reproduces expected.json) within 1e-4 relative, 1e-6 absolute
/// floor, for one text and for three texts packed into one batch with partial loss masks.
/// </summary>
public class DecoderGradientParityTests(ITestOutputHelper output)
{
    [SharedTheory]
    [InlineData("gpt2-tiny")]
    [InlineData("llama-tiny")]
    [InlineData("qwen2-tiny")]
    public void GradientsMatchPyTorch(string model)
    {
        var decoder = GradientFixture.LoadDecoder(model);
        foreach (var c in GradientFixture.Cases(model))
        {
            var gradients = decoder.NewGradients();
            var count = c.Scored.Sum(s => s.Length);
            var loss = decoder.Backpropagate(c.Rows, c.Scored, 1f / count, gradients) / count;
            Assert.True(Math.Abs(loss - c.Loss) <= 1e-4, $"{model}/{c.Name}: loss {loss:G9}, reference {c.Loss:G9}");
            var (worst, where) = GradientFixture.Compare(model, c, decoder.Parameters, gradients);
            output.WriteLine($"{model}/{c.Name}: loss {loss:F6} (ref {c.Loss:F6}); worst error / tolerance {worst:F3} at {where}");
            Assert.True(worst <= 1, $"gradient outside 1e-4 relative / 1e-6 absolute: {where} (ratio {worst:F2})");
        }
    }
}

using Winnow.Models;
using Winnow.Scoring.Neural.Car;

namespace Winnow.Scoring.Neural.Scar;

/// <summary>
/// SCAR's StyleRanker (METHODS §5.2): one shared encoder (state-dict prefix <c>encoder.</c>) run on the instruction
/// and on the answer; v = pooler output tanh(W·h₀ + b) when the checkpoint has <c>encoder.pooler.dense.*</c>, else the
/// first token's state; r_c = relation_network([v_instr; v_ans]) (Linear 2h→L, ReLU, Linear L→h); r_p = max over the
/// answer's tokens of the last hidden states; score = output_layer([r_c; r_p]) (Linear 2h→L, ReLU, Linear L→1), raw.
/// L (linear_dim) is read from the weight shapes.
/// </summary>
public sealed class StyleRanker
{
    private readonly IEncoderModel _encoder;
    private readonly Dense? _pooler;
    private readonly Dense _relation0, _relation2, _output0, _output2;

    public StyleRanker(ModelConfig encoderConfig, ModelDirectory weights)
    {
        _encoder = Encoder.Load(encoderConfig, new WeightPrefix(weights, "encoder."));
        var h = _encoder.HiddenSize;
        var linear = (int)weights.Entry("relation_network.0.weight").Shape[0];
        _pooler = weights.Contains("encoder.pooler.dense.weight") ? Dense.Load(weights, "encoder.pooler.dense", h, h) : null;
        _relation0 = Dense.Load(weights, "relation_network.0", 2 * h, linear);
        _relation2 = Dense.Load(weights, "relation_network.2", linear, h);
        _output0 = Dense.Load(weights, "output_layer.0", 2 * h, linear);
        _output2 = Dense.Load(weights, "output_layer.2", linear, 1);
        LinearDim = linear;
    }

    public int LinearDim { get; }

    public int MaxTokens => _encoder.MaxTokens;

    public bool HasPooler => _pooler is not null;

    public double[] Score(IReadOnlyList<int[]> instructions, IReadOnlyList<int[]> answers)
    {
        var h = _encoder.HiddenSize;
        var instructionStates = _encoder.LastHiddenStates(instructions);
        var answerStates = _encoder.LastHiddenStates(answers);
        var scores = new double[instructions.Count];
        for (var r = 0; r < scores.Length; r++)
        {
            var vInstruction = SequenceVector(instructionStates[r], h);
            var vAnswer = SequenceVector(answerStates[r], h);
            var creativity = _relation2.Apply(Relu(_relation0.Apply([.. vInstruction, .. vAnswer])));
            var presentation = MaxOverTokens(answerStates[r], h);
            scores[r] = _output2.Apply(Relu(_output0.Apply([.. creativity, .. presentation])))[0];
        }
        return scores;
    }

    private double[] SequenceVector(float[] states, int h)
    {
        var first = states.AsSpan(0, h).ToArray().Select(x => (double)x).ToArray();
        return _pooler is null ? first : _pooler.Apply(first).Select(Math.Tanh).ToArray();
    }

    private static double[] MaxOverTokens(float[] states, int h)
    {
        var max = Enumerable.Repeat(double.NegativeInfinity, h).ToArray();
        for (var t = 0; t < states.Length / h; t++)
        {
            for (var i = 0; i < h; i++)
                max[i] = Math.Max(max[i], states[t * h + i]);
        }
        return max;
    }

    private static double[] Relu(double[] x) => x.Select(v => Math.Max(v, 0)).ToArray();

    /// <summary>y = W·x + b with W [out × in] row-major, as torch.nn.Linear stores it.</summary>
    private sealed record Dense(float[] Weight, float[] Bias, int In, int Out)
    {
        public static Dense Load(IWeightSource weights, string name, int input, int output) =>
            new(weights.Load(name + ".weight", output, input), weights.Load(name + ".bias", output), input, output);

        public double[] Apply(double[] x)
        {
            var y = new double[Out];
            for (var o = 0; o < Out; o++)
            {
                double sum = Bias[o];
                for (var i = 0; i < In; i++)
                    sum += Weight[o * In + i] * x[i];
                y[o] = sum;
            }
            return y;
        }
    }
}

using System.Numerics.Tensors;
using Winnow.Models.Training;
using Winnow.Models.Training.Encoders;

namespace Winnow.Training.Scar;

/// <summary>
/// SCAR's StyleRanker for training (METHODS §5.2), forward as <see cref="Scoring.Neural.Scar.StyleRanker"/> scores:
/// one shared encoder over instruction and answer; v = pooler output (or the first token's state without a
/// pooler); r_c = relation_network([v_instr; v_ans]) (Linear 2h→L, ReLU, Linear L→h); r_p = max over the answer's
/// tokens of the last hidden states; score = output_layer([r_c; r_p]) (Linear 2h→L, ReLU, Linear L→1). A batch of
/// P preference pairs runs as one packed encoder pass over 3P rows (instructions, preferred answers, other answers),
/// the instruction shared by both of its answers. The backward sends the max-pool's gradient to the token that
/// held each maximum (the first on ties, as torch.max).
/// </summary>
internal sealed class ScarNetwork(TrainableEncoder encoder, DenseStack relation, DenseStack output)
{
    private float[] _first = [], _vectors = [], _relationIn = [], _outputIn = [], _dOutputIn = [], _dRelationIn = [], _dVectors = [], _dFirst = [];
    private int[] _argmax = [];
    private int _pairs;

    public TrainableEncoder Encoder => encoder;

    public DenseStack Relation => relation;

    public DenseStack Output => output;

    public IReadOnlyList<TrainableTensor> Parameters => [.. encoder.Parameters, .. relation.Parameters, .. output.Parameters];

    /// <summary>A fresh ranker on an encoder: relation and output networks initialised as torch.nn.Linear (seeded).</summary>
    public static ScarNetwork Create(TrainableEncoder encoder, int linearDim, int seed)
    {
        var h = encoder.Spec.Hidden;
        var random = new SeededRandom(seed);
        var relation = new DenseStack([
            ("relation_network.0", DenseStack.NewLinear(2 * h, linearDim, random), DenseActivation.Relu),
            ("relation_network.2", DenseStack.NewLinear(linearDim, h, random), DenseActivation.None)]);
        var output = new DenseStack([
            ("output_layer.0", DenseStack.NewLinear(2 * h, linearDim, random), DenseActivation.Relu),
            ("output_layer.2", DenseStack.NewLinear(linearDim, 1, random), DenseActivation.None)]);
        return new ScarNetwork(encoder, relation, output);
    }

    /// <summary>Scores [2P]: the preferred answers' (0..P−1), then the other answers' (P..2P−1).</summary>
    public float[] Forward(IReadOnlyList<int[]> instructions, IReadOnlyList<int[]> preferred, IReadOnlyList<int[]> other)
    {
        var p = instructions.Count;
        if (preferred.Count != p || other.Count != p)
            throw new ArgumentException("one preferred and one other answer per instruction");
        _pairs = p;
        var h = encoder.Spec.Hidden;
        var last = encoder.Spec.Layers;
        var batch = encoder.Forward([.. instructions, .. preferred, .. other]);
        EncoderActivations.Grow(ref _first, 3 * p * h);
        encoder.FirstTokens(last, _first);
        EncoderActivations.Grow(ref _vectors, 3 * p * h);
        if (encoder.Pooler is { } pooler)
            pooler.Forward(_first, 3 * p).CopyTo(_vectors);
        else
            _first.AsSpan(0, 3 * p * h).CopyTo(_vectors);
        EncoderActivations.Grow(ref _relationIn, 2 * p * 2 * h);
        for (var a = 0; a < 2 * p; a++)
        {
            _vectors.AsSpan(a % p * h, h).CopyTo(_relationIn.AsSpan(a * 2 * h, h));
            _vectors.AsSpan((p + a) * h, h).CopyTo(_relationIn.AsSpan(a * 2 * h + h, h));
        }
        var creativity = relation.Forward(_relationIn, 2 * p);
        EncoderActivations.Grow(ref _outputIn, 2 * p * 2 * h);
        if (_argmax.Length < 2 * p * h)
            _argmax = new int[2 * p * h];
        var hidden = encoder.Hidden(last);
        for (var a = 0; a < 2 * p; a++)
        {
            creativity.Slice(a * h, h).CopyTo(_outputIn.AsSpan(a * 2 * h, h));
            var row = p + a;
            var max = _outputIn.AsSpan(a * 2 * h + h, h);
            var first = batch.RowStarts[row];
            hidden.Slice(first * h, h).CopyTo(max);
            _argmax.AsSpan(a * h, h).Fill(first);
            for (var t = first + 1; t < batch.RowStarts[row + 1]; t++)
            {
                var state = hidden.Slice(t * h, h);
                for (var i = 0; i < h; i++)
                {
                    if (state[i] > max[i])
                    {
                        max[i] = state[i];
                        _argmax[a * h + i] = t;
                    }
                }
            }
        }
        return output.Forward(_outputIn, 2 * p).ToArray();
    }

    /// <summary>Adds every weight's gradient for dL/d(scores) [2P] of the last <see cref="Forward"/>.</summary>
    public void Backward(ReadOnlySpan<float> dScores, Gradients g)
    {
        var p = _pairs;
        var h = encoder.Spec.Hidden;
        var last = encoder.Spec.Layers;
        EncoderActivations.Grow(ref _dOutputIn, 2 * p * 2 * h);
        output.Backward(dScores, g, _dOutputIn);
        var dHidden = encoder.HiddenGradient(last);
        EncoderActivations.Grow(ref _dRelationIn, 2 * p * 2 * h);
        var dCreativity = new float[2 * p * h];
        for (var a = 0; a < 2 * p; a++)
        {
            _dOutputIn.AsSpan(a * 2 * h, h).CopyTo(dCreativity.AsSpan(a * h, h));
            for (var i = 0; i < h; i++)
                dHidden[_argmax[a * h + i] * h + i] += _dOutputIn[a * 2 * h + h + i];
        }
        relation.Backward(dCreativity, g, _dRelationIn);
        EncoderActivations.Grow(ref _dVectors, 3 * p * h);
        Array.Clear(_dVectors, 0, 3 * p * h);
        for (var a = 0; a < 2 * p; a++)
        {
            var dInstruction = _dVectors.AsSpan(a % p * h, h);
            TensorPrimitives.Add(dInstruction, _dRelationIn.AsSpan(a * 2 * h, h), dInstruction);
            _dRelationIn.AsSpan(a * 2 * h + h, h).CopyTo(_dVectors.AsSpan((p + a) * h, h));
        }
        EncoderActivations.Grow(ref _dFirst, 3 * p * h);
        if (encoder.Pooler is { } pooler)
            pooler.Backward(_dVectors.AsSpan(0, 3 * p * h), g, _dFirst.AsSpan(0, 3 * p * h));
        else
            _dVectors.AsSpan(0, 3 * p * h).CopyTo(_dFirst);
        encoder.AddFirstTokenGradient(last, _dFirst.AsSpan(0, 3 * p * h));
        encoder.Backward(g);
    }
}

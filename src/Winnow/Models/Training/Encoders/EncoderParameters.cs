using Winnow.Models.Compute;
using Winnow.Models.Encoders;

namespace Winnow.Models.Training.Encoders;

/// <summary>
/// The trainable tensors of a BERT/RoBERTa encoder by their Hugging Face names without a head class's prefix
/// (<c>embeddings.word_embeddings.weight</c>, <c>encoder.layer.0.attention.self.query.weight</c>, …, <c>pooler.dense.*</c>
/// when present), each a view of the loaded <see cref="EncoderWeights"/>: the stacked q/k/v projection is listed
/// as its three nn.Linear slices.
/// </summary>
internal static class EncoderParameters
{
    public static IReadOnlyList<TrainableTensor> List(EncoderSpec s, EncoderWeights w)
    {
        var list = new List<TrainableTensor>
        {
            Matrix("embeddings.word_embeddings.weight", w.WordEmbedding, s.Vocab, s.Hidden),
            Matrix("embeddings.position_embeddings.weight", w.PositionEmbedding, s.MaxPositions, s.Hidden),
            Matrix("embeddings.token_type_embeddings.weight", w.TokenTypeEmbedding, s.TypeVocab, s.Hidden),
        };
        AddNorm(list, "embeddings.LayerNorm", w.EmbeddingNorm);
        for (var i = 0; i < s.Layers; i++)
        {
            var p = $"encoder.layer.{i}.";
            var layer = w.Layers[i];
            var qkv = layer.Qkv;
            var row = 0;
            foreach (var part in new[] { "query", "key", "value" })
            {
                list.Add(new TrainableTensor($"{p}attention.self.{part}.weight", [s.Hidden, s.Hidden], qkv.Weight, row * s.Hidden, s.Hidden * s.Hidden));
                list.Add(new TrainableTensor($"{p}attention.self.{part}.bias", [s.Hidden], qkv.Bias!, row, s.Hidden));
                row += s.Hidden;
            }
            list.AddRange(TrainingLinear.Tensors(p + "attention.output.dense", layer.AttentionOutput));
            AddNorm(list, p + "attention.output.LayerNorm", layer.AttentionNorm);
            list.AddRange(TrainingLinear.Tensors(p + "intermediate.dense", layer.Intermediate));
            list.AddRange(TrainingLinear.Tensors(p + "output.dense", layer.Output));
            AddNorm(list, p + "output.LayerNorm", layer.OutputNorm);
        }
        if (w.Pooler is { } pooler)
            list.AddRange(TrainingLinear.Tensors("pooler.dense", pooler));
        return list;
    }

    private static TrainableTensor Matrix(string name, float[] data, int rows, int columns) => new(name, [rows, columns], data, 0, rows * columns);

    private static void AddNorm(List<TrainableTensor> list, string name, NormWeights norm)
    {
        list.Add(new TrainableTensor(name + ".weight", [norm.Gamma.Length], norm.Gamma, 0, norm.Gamma.Length));
        list.Add(new TrainableTensor(name + ".bias", [norm.Beta!.Length], norm.Beta, 0, norm.Beta.Length));
    }
}

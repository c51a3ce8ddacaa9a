using Winnow.Models.Compute;

namespace Winnow.Models.Encoders;

internal sealed record EncoderLayer(LinearLayer Qkv, LinearLayer AttentionOutput, NormWeights AttentionNorm, LinearLayer Intermediate, LinearLayer Output, NormWeights OutputNorm);

/// <summary>
/// BERT/RoBERTa weights by Hugging Face name, with the <c>bert.</c>/<c>roberta.</c> prefix of head checkpoints or
/// without it (base-model checkpoints). Query, key and value are stacked into one projection at load.
/// </summary>
internal sealed record EncoderWeights(
    float[] WordEmbedding,
    float[] PositionEmbedding,
    float[] TokenTypeEmbedding,
    NormWeights EmbeddingNorm,
    EncoderLayer[] Layers,
    LinearLayer? Pooler)
{
    public static EncoderWeights Load(EncoderSpec s, IWeightSource source)
    {
        var w = PrefixedWeights.Detect(source, "embeddings.word_embeddings.weight", "bert.", "roberta.", "");
        NormWeights Norm(string name) => new(w.Load(name + ".weight", s.Hidden), w.Load(name + ".bias", s.Hidden), s.NormEps);
        LinearLayer Linear(string name, int inFeatures, int outFeatures) =>
            new(w.Load(name + ".weight", outFeatures, inFeatures), w.Load(name + ".bias", outFeatures), inFeatures, outFeatures, weightIsOutByIn: true);
        var layers = new EncoderLayer[s.Layers];
        for (var i = 0; i < s.Layers; i++)
        {
            var p = $"encoder.layer.{i}.";
            layers[i] = new EncoderLayer(
                LinearLayer.StackOutputs(
                    Linear(p + "attention.self.query", s.Hidden, s.Hidden),
                    Linear(p + "attention.self.key", s.Hidden, s.Hidden),
                    Linear(p + "attention.self.value", s.Hidden, s.Hidden)),
                Linear(p + "attention.output.dense", s.Hidden, s.Hidden),
                Norm(p + "attention.output.LayerNorm"),
                Linear(p + "intermediate.dense", s.Hidden, s.Inner),
                Linear(p + "output.dense", s.Inner, s.Hidden),
                Norm(p + "output.LayerNorm"));
        }
        return new EncoderWeights(
            w.Load("embeddings.word_embeddings.weight", s.Vocab, s.Hidden),
            w.Load("embeddings.position_embeddings.weight", s.MaxPositions, s.Hidden),
            w.Load("embeddings.token_type_embeddings.weight", s.TypeVocab, s.Hidden),
            Norm("embeddings.LayerNorm"),
            layers,
            w.Contains("pooler.dense.weight") ? Linear("pooler.dense", s.Hidden, s.Hidden) : null);
    }
}

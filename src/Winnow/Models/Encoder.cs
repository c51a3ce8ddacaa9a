using Winnow.Models.Encoders;

namespace Winnow.Models;

/// <summary>Loads BERT-style encoders (BERT, MiniLM, bge, gte, RoBERTa, XLM-R) from a Hugging Face folder or from weights in memory.</summary>
public static class Encoder
{
    public static IEncoderModel Load(string modelDirectory, ModelOptions? options = null)
    {
        using var dir = ModelDirectory.Open(modelDirectory);
        return Load(dir.Config, dir, options);
    }

    public static IEncoderModel Load(ModelConfig config, IWeightSource weights, ModelOptions? options = null) => LoadModel(config, weights, options);

    internal static EncoderModel LoadModel(ModelConfig config, IWeightSource weights, ModelOptions? options)
    {
        var spec = EncoderSpec.FromConfig(config);
        return new EncoderModel(spec, EncoderWeights.Load(spec, weights), options ?? ModelOptions.Default);
    }
}

using System.Globalization;
using System.Text;
using Winnow.Models;
using Winnow.Models.SafeTensors;

namespace Winnow.Training.Iqs;

/// <summary>
/// Writes a trained IQS model as the folder <c>car.iqs</c> loads (the layout tools/convert-checkpoint makes from a
/// COMET checkpoint): <c>model.safetensors</c> with the encoder under <c>encoder.model.</c> (no pooler, as COMET's
/// encoder has none), <c>layerwise_attention.*</c> and <c>estimator.ff.*</c>; the encoder's <c>config.json</c> and
/// tokenizer files; <c>hparams.yaml</c> with the keys the scorer reads; and <c>training.json</c> (what was run
/// and the validation MSE per epoch).
/// </summary>
internal static class IqsFolder
{
    public const string RecordFile = "training.json";

    private static readonly string[] Companions = ["config.json", "tokenizer.json", "tokenizer_config.json", "special_tokens_map.json", "sentencepiece.bpe.model"];

    public static void Write(string folder, string encoderFolder, IqsNetwork network, IqsTrainingOptions options, string trainingJson)
    {
        Directory.CreateDirectory(folder);
        var tensors = network.Encoder.Parameters
            .Where(t => !t.Name.StartsWith("pooler.", StringComparison.Ordinal))
            .Select(t => ("encoder.model." + t.Name, t.Shape, (ReadOnlyMemory<float>)t.Data.AsMemory(t.Offset, t.Length)))
            .Concat(network.Head.Parameters.Select(t => (t.Name, t.Shape, (ReadOnlyMemory<float>)t.Data.AsMemory(t.Offset, t.Length))));
        Float32SafetensorsWriter.Write(Path.Combine(folder, ModelDirectory.SingleFileName), tensors);
        foreach (var name in Companions)
        {
            var source = Path.Combine(encoderFolder, name);
            if (File.Exists(source))
                File.Copy(source, Path.Combine(folder, name), overwrite: true);
        }
        File.WriteAllText(Path.Combine(folder, "hparams.yaml"), Hparams(options));
        File.WriteAllText(Path.Combine(folder, RecordFile), trainingJson);
    }

    private static string Hparams(IqsTrainingOptions o)
    {
        var text = new StringBuilder();
        text.Append("activations: ").Append(o.Activation).Append('\n');
        text.Append("class_identifier: instruction_metric\n");
        text.Append("final_activation: null\n");
        text.Append("hidden_sizes:\n");
        foreach (var size in o.HiddenSizes)
            text.Append("- ").Append(size.ToString(CultureInfo.InvariantCulture)).Append('\n');
        text.Append("layer: mix\n");
        text.Append("layer_norm: false\n");
        text.Append("layer_transformation: ").Append(o.Sparsemax ? "sparsemax" : "softmax").Append('\n');
        text.Append("pool: ").Append(o.AveragePooling ? "avg" : "cls").Append('\n');
        text.Append(CultureInfo.InvariantCulture, $"learning_rate: {o.HeadLearningRate:R}\n");
        text.Append(CultureInfo.InvariantCulture, $"encoder_learning_rate: {(o.FreezeEncoder ? 0 : o.EncoderLearningRate):R}\n");
        text.Append("keep_embeddings_frozen: true\n");
        return text.ToString();
    }
}

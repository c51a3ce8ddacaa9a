using YamlDotNet.Serialization;

namespace Winnow.Scoring.Neural.Car;

/// <summary>
/// The parts of a COMET <c>hparams.yaml</c> that shape the IQS head (METHODS §3.2): layer mixing (<c>layer: mix</c>,
/// <c>layer_transformation</c> sparsemax|softmax, <c>layer_norm</c> must be false), pooling (avg|cls), the
/// estimator's <c>hidden_sizes</c> and <c>activations</c>. Anything the port does not implement is an error naming
/// the key rather than a silently different model.
/// </summary>
public sealed record IqsHparams(bool Sparsemax, bool AveragePooling, int[] HiddenSizes, string Activation)
{
    public static IqsHparams Read(string path)
    {
        if (!File.Exists(path))
            throw new ArgumentException($"car.iqs: {path} is missing (copy the checkpoint's hparams.yaml next to the converted weights)");
        var root = new DeserializerBuilder().Build().Deserialize<Dictionary<string, object?>>(File.ReadAllText(path))
            ?? throw new ArgumentException($"car.iqs: {path} is empty");
        string Text(string key, string fallback) => root.TryGetValue(key, out var v) && v is not null ? v.ToString()! : fallback;

        if (Text("layer", "mix") != "mix")
            throw new ArgumentException($"car.iqs: {path}: layer '{Text("layer", "")}' is not supported (only mix, the IQS setting)");
        var sparsemax = Text("layer_transformation", "softmax") switch
        {
            "sparsemax" => true,
            "softmax" => false,
            var other => throw new ArgumentException($"car.iqs: {path}: layer_transformation '{other}' is not supported (sparsemax or softmax)"),
        };
        if (Text("layer_norm", "false").ToLowerInvariant() is not ("false" or "no"))
            throw new ArgumentException($"car.iqs: {path}: layer_norm true is not supported (the IQS model uses false)");
        var pool = Text("pool", "avg") switch
        {
            "avg" => true,
            "cls" => false,
            var other => throw new ArgumentException($"car.iqs: {path}: pool '{other}' is not supported (avg or cls)"),
        };
        var final = Text("final_activation", "null");
        if (final is not ("null" or "None" or "~" or ""))
            throw new ArgumentException($"car.iqs: {path}: final_activation '{final}' is not supported (the IQS estimator has none)");
        var activation = Text("activations", "Tanh");
        if (activation is not ("Tanh" or "ReLU" or "Sigmoid"))
            throw new ArgumentException($"car.iqs: {path}: activations '{activation}' is not supported (Tanh, ReLU or Sigmoid)");
        var sizes = root.TryGetValue("hidden_sizes", out var h) && h is List<object> list
            ? list.Select(x => int.Parse(x.ToString()!, System.Globalization.CultureInfo.InvariantCulture)).ToArray()
            : [2048, 1024];
        return new IqsHparams(sparsemax, pool, sizes, activation);
    }
}

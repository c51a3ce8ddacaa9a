using Winnow.Tensors;

namespace Winnow.Models.Compute;

/// <summary>Reads config.json's <c>rope_scaling</c> into the kernels' <see cref="RopeScaling"/> (types Llama-family checkpoints use).</summary>
internal static class RopeConfig
{
    public static RopeScaling? Parse(ModelConfig? scaling)
    {
        if (scaling is null)
            return null;
        var type = scaling.String("rope_type") ?? scaling.String("type") ?? "default";
        return type switch
        {
            "default" => null,
            "linear" => new RopeScaling(RopeScalingType.Linear, (float)scaling.Double("factor")),
            "llama3" => new RopeScaling(RopeScalingType.Llama3, (float)scaling.Double("factor"),
                (float)scaling.Double("low_freq_factor"), (float)scaling.Double("high_freq_factor"),
                scaling.Int("original_max_position_embeddings")),
            _ => throw new ModelFormatException($"{scaling.Source}: rope_scaling type '{type}' is not supported (default, linear, llama3)"),
        };
    }
}

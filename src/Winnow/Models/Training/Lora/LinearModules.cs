using Winnow.Models.Compute;
using Winnow.Models.Decoders;

namespace Winnow.Models.Training.Lora;

/// <summary>
/// The linear modules of a decoder by their Hugging Face name, each as a range of output features of the layer the
/// engine computes with: Llama's q/k/v (and gate/up) are stacked at load, so q_proj is outputs [0, q width) of the
/// stacked layer. GPT-2's Conv1D modules cover their whole layer.
/// </summary>
internal static class LinearModules
{
    public sealed record Module(string Name, LinearLayer Layer, int OutOffset, int OutCount);

    public static IReadOnlyList<Module> List(DecoderSpec s, DecoderWeights w)
    {
        var list = new List<Module>();
        for (var i = 0; i < s.Layers; i++)
        {
            var layer = w.Layers[i];
            if (s.Family == DecoderFamily.Gpt2)
            {
                var p = $"transformer.h.{i}.";
                list.Add(new(p + "attn.c_attn", layer.Qkv, 0, layer.Qkv.Out));
                list.Add(new(p + "attn.c_proj", layer.Output, 0, layer.Output.Out));
                list.Add(new(p + "mlp.c_fc", layer.Up, 0, layer.Up.Out));
                list.Add(new(p + "mlp.c_proj", layer.Down, 0, layer.Down.Out));
                continue;
            }
            var prefix = $"model.layers.{i}.";
            var q = s.Heads * s.HeadSize;
            var kv = s.KvHeads * s.HeadSize;
            list.Add(new(prefix + "self_attn.q_proj", layer.Qkv, 0, q));
            list.Add(new(prefix + "self_attn.k_proj", layer.Qkv, q, kv));
            list.Add(new(prefix + "self_attn.v_proj", layer.Qkv, q + kv, kv));
            list.Add(new(prefix + "self_attn.o_proj", layer.Output, 0, layer.Output.Out));
            list.Add(new(prefix + "mlp.gate_proj", layer.Up, 0, s.Inner));
            list.Add(new(prefix + "mlp.up_proj", layer.Up, s.Inner, s.Inner));
            list.Add(new(prefix + "mlp.down_proj", layer.Down, 0, layer.Down.Out));
        }
        return list;
    }

    /// <summary>PEFT's match: the name equals the target or ends with "." + target.</summary>
    public static bool Matches(string moduleName, string target) =>
        moduleName == target || moduleName.EndsWith("." + target, StringComparison.Ordinal);
}

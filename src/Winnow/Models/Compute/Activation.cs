namespace Winnow.Models.Compute;

/// <summary>The feed-forward activations of the supported architectures, by their config.json names.</summary>
internal enum Activation
{
    /// <summary>"gelu": exact, 0.5·x·(1 + erf(x/√2)) (BERT, RoBERTa, XLM-R).</summary>
    GeluExact,

    /// <summary>"gelu_new" / "gelu_pytorch_tanh" / "gelu_fast": 0.5·x·(1 + tanh(√(2/π)·(x + 0.044715·x³))) (GPT-2).</summary>
    GeluTanh,

    /// <summary>"relu".</summary>
    Relu,
}

internal static class Activations
{
    public static Activation Parse(string? name, string source) => name switch
    {
        "gelu" => Activation.GeluExact,
        "gelu_new" or "gelu_pytorch_tanh" or "gelu_fast" => Activation.GeluTanh,
        "relu" => Activation.Relu,
        _ => throw new ModelFormatException($"{source}: activation '{name}' is not supported (gelu, gelu_new, gelu_pytorch_tanh, relu)"),
    };
}

namespace Winnow.Embedding.Neural;

/// <summary>Registers the embedders that run a transformer model in-process.</summary>
public static class NeuralEmbedders
{
    public static void Register(Registry<IEmbedder> registry)
    {
        registry.Add("sentence", "sentence-transformers encoder (mean/CLS pooling, Normalize per modules.json); Superfiltering.D uses all-MiniLM-L6-v2", SentenceEmbedder.Create);
        registry.Add("lm-mean", "Cherry-LLM instruction embedding: mean of a causal LM's last hidden states over the instruction prompt, BOS included", LmMeanEmbedder.Create);
        registry.Add("lm-last", "Deita embedding: a causal LM's last hidden state at the last token of the Vicuna-format conversation", LmLastEmbedder.Create);
    }
}

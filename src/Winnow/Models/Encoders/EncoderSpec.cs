using Winnow.Models.Compute;

namespace Winnow.Models.Encoders;

/// <summary>
/// Shape of a BERT-style encoder (BERT, MiniLM, bge, gte; RoBERTa, XLM-R, CamemBERT) read from config.json.
/// RoBERTa-style models number positions from the pad id: position = pad_token_id + 1 + (count of non-pad tokens
/// before), pads get pad_token_id — transformers' <c>create_position_ids_from_input_ids</c>.
/// </summary>
internal sealed record EncoderSpec(
    string ModelType,
    int Hidden,
    int Layers,
    int Heads,
    int Inner,
    int Vocab,
    int MaxPositions,
    int TypeVocab,
    float NormEps,
    Activation Activation,
    bool RobertaPositions,
    int PadId)
{
    public static EncoderSpec FromConfig(ModelConfig c)
    {
        var type = c.ModelType;
        var roberta = type switch
        {
            "bert" => false,
            "roberta" or "xlm-roberta" or "camembert" => true,
            _ => throw new ModelFormatException($"{c.Source}: model_type '{type}' is not a supported encoder (bert, roberta, xlm-roberta, camembert)"),
        };
        var positionType = c.String("position_embedding_type") ?? "absolute";
        if (positionType != "absolute")
            throw new ModelFormatException($"{c.Source}: position_embedding_type '{positionType}' is not supported (absolute)");
        var hidden = c.Int("hidden_size");
        var heads = c.Int("num_attention_heads");
        if (hidden % heads != 0)
            throw new ModelFormatException($"{c.Source}: hidden_size {hidden} is not a multiple of num_attention_heads {heads}");
        return new EncoderSpec(type, hidden, c.Int("num_hidden_layers"), heads, c.Int("intermediate_size"), c.Int("vocab_size"),
            c.Int("max_position_embeddings"), c.Int("type_vocab_size", 2), (float)c.Double("layer_norm_eps", 1e-12),
            Activations.Parse(c.String("hidden_act") ?? "gelu", c.Source), roberta, c.Int("pad_token_id", roberta ? 1 : 0));
    }

    public int HeadSize => Hidden / Heads;

    /// <summary>Position id of token t of a row (see the type summary).</summary>
    public int PositionOf(int[] row, int t)
    {
        if (!RobertaPositions)
            return t;
        if (row[t] == PadId)
            return PadId;
        var count = 0;
        for (var i = 0; i <= t; i++)
        {
            if (row[i] != PadId)
                count++;
        }
        return PadId + count;
    }
}

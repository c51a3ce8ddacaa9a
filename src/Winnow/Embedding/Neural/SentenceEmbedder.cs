using System.Collections.ObjectModel;
using System.Globalization;
using Winnow.Backends;
using Winnow.Data;
using Winnow.Models;
using Winnow.Tokenizers;

using Winnow.Components;

namespace Winnow.Embedding.Neural;

/// <summary>
/// <c>sentence</c>: a sentence-transformers encoder (BERT, RoBERTa, XLM-R) run in-process: tokenise with special
/// tokens, truncate to max_seq_length, mean (or CLS) pooling over the tokens, L2 normalisation when the folder's
/// modules.json lists a Normalize module (Superfiltering.D used the tokenizer's 512 as max_length).
/// </summary>
[Component("sentence", "sentence-transformers encoder (mean/CLS pooling, Normalize per modules.json); Superfiltering.D uses all-MiniLM-L6-v2")]
[ParamGroup(typeof(ModelFolderParams))]
[Param("text", ParamType.Choice, "which text of the row is embedded", Default = RowTextNames.Lines, Values = [RowTextNames.Lines, RowTextNames.InstructionLines, RowTextNames.Response, RowTextNames.Car])]
[Param("max_length", ParamType.Int, "tokens per sequence; 0: sentence_bert_config.json's max_seq_length, else the encoder's limit", Default = "0", Min = 0)]
[Param("batch_size", ParamType.Int, "sequences per forward batch", Default = "32", Min = 1)]
[Needs(TextParam = "text", Backend = Capability.HiddenStates, ModelParams = ["model"])]
public sealed class SentenceEmbedder : IEmbedder
{
    private readonly IEncoderModel _encoder;
    private readonly Tokenizer _tokenizer;
    private readonly SentenceTransformerLayout _layout;
    private readonly RowText _text;
    private readonly int _maxLength;
    private readonly int _batchSize;
    private readonly int _maxBatchTokens;
    private readonly Dictionary<string, string> _settings;

    private SentenceEmbedder(string path, SentenceTransformerLayout layout, RowText text, int? maxLength, int batchSize, int maxBatchTokens)
    {
        _layout = layout;
        _encoder = Encoder.Load(layout.ModelPath);
        _tokenizer = Tokenizer.Load(layout.ModelPath);
        _text = text;
        _maxLength = maxLength ?? layout.MaxSeqLength ?? _encoder.MaxTokens;
        if (_maxLength > _encoder.MaxTokens)
            throw new ArgumentException($"sentence embedder: max_length {_maxLength} exceeds the encoder's {_encoder.MaxTokens} positions");
        _batchSize = batchSize;
        _maxBatchTokens = maxBatchTokens;
        using var weights = ModelDirectory.Open(layout.ModelPath);
        _settings = new Dictionary<string, string>(StringComparer.Ordinal)
        {
            ["model"] = path,
            ["model_hash"] = ModelFingerprint.Compute(layout.ModelPath, weights.WeightFiles),
            ["pooling"] = layout.ClsPooling ? "cls" : "mean",
            ["normalize"] = layout.Normalize ? "true" : "false",
            ["text"] = text.Name(),
            ["max_length"] = _maxLength.ToString(CultureInfo.InvariantCulture),
        };
    }

    public static SentenceEmbedder Create(Parameters p)
    {
        var model = p.GetString("model");
        if (!Directory.Exists(model))
            throw new ArgumentException($"sentence embedder: parameter 'model' must name a sentence-transformers or Hugging Face encoder folder (got '{model}')");
        var text = RowTexts.Parse(p.GetString("text"));
        var maxLength = p.GetInt("max_length");
        var batchSize = p.GetInt("batch_size");
        var maxBatchTokens = p.GetInt("max_batch_tokens");
        var full = Path.GetFullPath(model);
        return new SentenceEmbedder(full, SentenceTransformerLayout.Read(full), text, maxLength == 0 ? null : maxLength, batchSize, maxBatchTokens);
    }

    public string Name => Declared.Name<SentenceEmbedder>();

    public int Dim => _encoder.HiddenSize;

    public IReadOnlyDictionary<string, string> Settings => new ReadOnlyDictionary<string, string>(_settings);

    /// <summary>Nothing to fit: the encoder is pretrained.</summary>
    public void Fit(IEnumerable<Sample> pool, CancellationToken cancellationToken)
    {
    }

    public void Embed(IReadOnlyList<Sample> batch, EmbeddingMatrix target, int firstRow, CancellationToken cancellationToken)
    {
        var vectors = EmbedTexts(batch.Select(s => _text.Of(s)).ToArray(), cancellationToken);
        for (var i = 0; i < vectors.Length; i++)
            target.WriteRow(firstRow + i, vectors[i]);
    }

    /// <summary>The float32 embeddings of raw texts (before the float16 store).</summary>
    public float[][] EmbedTexts(IReadOnlyList<string> texts, CancellationToken cancellationToken)
    {
        var ids = texts.Select(t => _tokenizer.Encode(t, addSpecialTokens: true, _maxLength).Ids).ToArray();
        var pooled = SortedBatches.Run(ids, _batchSize, _maxBatchTokens,
            rows => _layout.ClsPooling ? _encoder.ClsStates(rows) : _encoder.MeanPooled(rows), cancellationToken);
        return _layout.Normalize ? pooled.Select(SortedBatches.Normalized).ToArray() : pooled;
    }
}

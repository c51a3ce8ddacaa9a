using System.Text.Json;
using Winnow.Tokenizers.Decoders;
using Winnow.Tokenizers.Models;
using Winnow.Tokenizers.Normalizers;
using Winnow.Tokenizers.PostProcessors;
using Winnow.Tokenizers.PreTokenizers;

namespace Winnow.Tokenizers;

/// <summary>
/// A Hugging Face fast tokenizer loaded from <c>tokenizer.json</c> (plus <c>tokenizer_config.json</c> /
/// <c>special_tokens_map.json</c> for the bos/eos/pad/unk names), reproducing the reference ids and token strings.
/// Pipeline per text: added tokens are split off (leftmost-longest), the rest is normalized, pre-tokenized and run
/// through the model (BPE, WordPiece or Unigram), then the post-processor adds special tokens.
/// The "truncation" and "padding" sections of tokenizer.json are ignored, as transformers does unless asked;
/// truncate with <see cref="Encode(string, bool, int)"/>. Thread-safe; <see cref="EncodeBatch"/> runs in parallel.
/// </summary>
public sealed class Tokenizer : ITextTokenizer
{
    /// <summary>tokenizer.json files above this size are refused before being read (the largest hub files are ~35 MB).</summary>
    public const long DefaultMaxFileBytes = 128L << 20;

    private readonly INormalizer? _normalizer;
    private readonly IPreTokenizer? _preTokenizer;
    private readonly ITokenizerModel _model;
    private readonly IPostProcessor? _postProcessor;
    private readonly IDecoder? _decoder;
    private readonly AddedTokenSplitter _rawSplitter;
    private readonly AddedTokenSplitter _normalizedSplitter;
    private readonly Dictionary<int, AddedToken> _addedById;
    private readonly Dictionary<string, AddedToken> _addedByContent;

    private Tokenizer(INormalizer? normalizer, IPreTokenizer? preTokenizer, ITokenizerModel model, IPostProcessor? postProcessor,
        IDecoder? decoder, IReadOnlyList<AddedToken> addedTokens, SpecialTokensConfig specials)
    {
        _normalizer = normalizer;
        _preTokenizer = preTokenizer;
        _model = model;
        _postProcessor = postProcessor;
        _decoder = decoder;
        AddedTokens = addedTokens;
        _addedById = [];
        _addedByContent = new Dictionary<string, AddedToken>(StringComparer.Ordinal);
        foreach (var t in addedTokens)
        {
            _addedById[t.Id] = t;
            _addedByContent.TryAdd(t.Content, t);
        }
        bool normalizes = normalizer is not null;
        _rawSplitter = new AddedTokenSplitter(addedTokens.Where(t => !t.Normalized || !normalizes), t => t.Content);
        _normalizedSplitter = new AddedTokenSplitter(addedTokens.Where(t => t.Normalized && normalizes),
            t => normalizer!.Normalize(NormalizedText.Identity(t.Content, 0)).Text);
        VocabSize = Math.Max(model.VocabSize, addedTokens.Count == 0 ? 0 : addedTokens.Max(t => t.Id) + 1);
        BosToken = specials.Bos;
        EosToken = specials.Eos;
        PadToken = specials.Pad;
        UnkToken = specials.Unk ?? model.UnkToken;
    }

    /// <summary>The added tokens of tokenizer.json, in file order.</summary>
    public IReadOnlyList<AddedToken> AddedTokens { get; }

    /// <summary>Number of ids (largest id of the model or the added tokens, + 1): the size of an embedding table.</summary>
    public int VocabSize { get; }

    /// <summary>Beginning-of-sequence token (tokenizer_config.json / special_tokens_map.json), if any.</summary>
    public string? BosToken { get; }

    /// <summary>End-of-sequence token, if any.</summary>
    public string? EosToken { get; }

    /// <summary>Padding token, if any.</summary>
    public string? PadToken { get; }

    /// <summary>Unknown token (config files, else the model's), if any.</summary>
    public string? UnkToken { get; }

    /// <summary>Id of <see cref="BosToken"/>, if it exists in the vocabulary.</summary>
    public int? BosTokenId => IdOrNull(BosToken);

    /// <summary>Id of <see cref="EosToken"/>, if it exists in the vocabulary.</summary>
    public int? EosTokenId => IdOrNull(EosToken);

    /// <summary>Id of <see cref="PadToken"/>, if it exists in the vocabulary.</summary>
    public int? PadTokenId => IdOrNull(PadToken);

    /// <summary>Id of <see cref="UnkToken"/>, if it exists in the vocabulary.</summary>
    public int? UnkTokenId => IdOrNull(UnkToken);

    /// <summary>How many special tokens the post-processor adds to one text (e.g. 2 for BERT's [CLS] … [SEP], 1 for Mistral's &lt;s&gt;).</summary>
    public int SpecialTokensAdded => _postProcessor?.AddedTokenCount(true) ?? 0;

    private int? IdOrNull(string? token) => token is null ? null : TokenToId(token);

    /// <summary>
    /// Loads a tokenizer from a model directory (holding tokenizer.json) or from a tokenizer.json path; config files
    /// are read from the same directory when present. Throws <see cref="TokenizerFormatException"/> naming the
    /// problem for malformed, oversized (above <see cref="DefaultMaxFileBytes"/>) or unsupported files.
    /// </summary>
    public static Tokenizer Load(string directoryOrTokenizerJsonPath) => Load(directoryOrTokenizerJsonPath, DefaultMaxFileBytes);

    /// <summary>As <see cref="Load(string)"/> with an explicit size limit for tokenizer.json.</summary>
    public static Tokenizer Load(string directoryOrTokenizerJsonPath, long maxFileBytes)
    {
        string path = Directory.Exists(directoryOrTokenizerJsonPath)
            ? Path.Combine(directoryOrTokenizerJsonPath, "tokenizer.json")
            : directoryOrTokenizerJsonPath;
        if (!File.Exists(path)) throw new FileNotFoundException($"tokenizer.json not found at {path}", path);
        long size = new FileInfo(path).Length;
        if (size > maxFileBytes)
            throw new TokenizerFormatException($"{path}: {size} bytes is larger than the {maxFileBytes} bytes accepted for tokenizer.json; refusing to read it");
        var specials = SpecialTokensConfig.Read(Path.GetDirectoryName(Path.GetFullPath(path))!);
        try
        {
            using var doc = JsonDocument.Parse(File.ReadAllBytes(path), new JsonDocumentOptions { MaxDepth = 64 });
            return FromJson(doc.RootElement, specials);
        }
        catch (JsonException ex)
        {
            throw new TokenizerFormatException($"{path}: not valid JSON ({ex.Message})", ex);
        }
        catch (TokenizerFormatException ex)
        {
            throw new TokenizerFormatException($"{path}: {ex.Message}", ex);
        }
    }

    /// <summary>Builds a tokenizer from the text of a tokenizer.json (no config files).</summary>
    public static Tokenizer FromJson(string tokenizerJson)
    {
        try
        {
            using var doc = JsonDocument.Parse(tokenizerJson, new JsonDocumentOptions { MaxDepth = 64 });
            return FromJson(doc.RootElement, new SpecialTokensConfig(null, null, null, null));
        }
        catch (JsonException ex)
        {
            throw new TokenizerFormatException($"tokenizer.json: not valid JSON ({ex.Message})", ex);
        }
    }

    private static Tokenizer FromJson(JsonElement root, SpecialTokensConfig specials)
    {
        if (root.ValueKind != JsonValueKind.Object)
            throw new TokenizerFormatException($"tokenizer.json: expected a JSON object at the top level, found {root.ValueKind}");
        var model = ModelFactory.Create(JsonFields.Required(root, "model", "(root)"));
        var normalizer = JsonFields.Optional(root, "normalizer") is { } n ? NormalizerFactory.Create(n, "normalizer") : null;
        var pre = JsonFields.Optional(root, "pre_tokenizer") is { } p ? PreTokenizerFactory.Create(p, "pre_tokenizer") : null;
        var post = JsonFields.Optional(root, "post_processor") is { } pp ? PostProcessorFactory.Create(pp, "post_processor") : null;
        var decoder = JsonFields.Optional(root, "decoder") is { } d ? DecoderFactory.Create(d, "decoder") : null;
        var added = new List<AddedToken>();
        if (JsonFields.Optional(root, "added_tokens") is { } list)
        {
            if (list.ValueKind != JsonValueKind.Array)
                throw new TokenizerFormatException("tokenizer.json: added_tokens must be an array");
            int i = 0;
            foreach (var t in list.EnumerateArray())
            {
                string w = $"added_tokens[{i++}]";
                int id = JsonFields.Int(t, "id", -1, w);
                if (id < 0 || id >= ModelFactory.MaxEntries)
                    throw new TokenizerFormatException($"tokenizer.json: {w}.id must be in 0..{ModelFactory.MaxEntries - 1}, found {id}");
                string content = JsonFields.RequiredString(t, "content", w);
                if (content.Length == 0) throw new TokenizerFormatException($"tokenizer.json: {w}.content must not be empty");
                added.Add(new AddedToken(id, content, JsonFields.Bool(t, "single_word", false, w), JsonFields.Bool(t, "lstrip", false, w),
                    JsonFields.Bool(t, "rstrip", false, w), JsonFields.Bool(t, "normalized", false, w), JsonFields.Bool(t, "special", false, w)));
            }
        }
        return new Tokenizer(normalizer, pre, model, post, decoder, added, specials);
    }

    /// <summary>Encodes one text; <paramref name="addSpecialTokens"/> lets the post-processor add e.g. &lt;s&gt; or [CLS]/[SEP].</summary>
    public Encoding Encode(string text, bool addSpecialTokens = true) => Build(EncodeTokens(text, addSpecialTokens, int.MaxValue));

    /// <summary>
    /// Encodes with truncation to at most <paramref name="maxLength"/> ids in total, like transformers'
    /// <c>truncation=True, max_length=n</c>: the text's tokens are cut (keeping the first ones) so that, with the
    /// special tokens the post-processor adds, the result has at most n ids.
    /// </summary>
    public Encoding Encode(string text, bool addSpecialTokens, int maxLength)
    {
        int reserved = addSpecialTokens ? SpecialTokensAdded : 0;
        if (maxLength < reserved)
            throw new ArgumentOutOfRangeException(nameof(maxLength), maxLength,
                $"maxLength must be at least the {reserved} special tokens the post-processor adds");
        return Build(EncodeTokens(text, addSpecialTokens, maxLength - reserved));
    }

    /// <summary>Encodes many texts in parallel; the result is in input order.</summary>
    public IReadOnlyList<Encoding> EncodeBatch(IReadOnlyList<string> texts, bool addSpecialTokens = true)
    {
        var result = new Encoding[texts.Count];
        Parallel.For(0, texts.Count, i => result[i] = Encode(texts[i], addSpecialTokens));
        return result;
    }

    /// <summary>Number of ids <see cref="Encode(string, bool)"/> would return.</summary>
    public int CountTokens(string text, bool addSpecialTokens = true) => EncodeTokens(text, addSpecialTokens, int.MaxValue).Count;

    /// <summary>The id of a token string (added tokens first, then the model vocabulary), or null.</summary>
    public int? TokenToId(string token) =>
        _addedByContent.TryGetValue(token, out var t) ? t.Id : _model.TokenToId(token);

    /// <summary>The token string of an id, or null when the id is unknown.</summary>
    public string? IdToToken(int id) => _addedById.TryGetValue(id, out var t) ? t.Content : _model.IdToToken(id);

    /// <summary>
    /// Turns ids back into text through the decoder of tokenizer.json (tokens joined by ' ' when there is none).
    /// No extra "clean up tokenization spaces" pass is applied, so byte-level BPE round-trips exactly.
    /// </summary>
    public string Decode(ReadOnlySpan<int> ids, bool skipSpecialTokens = false)
    {
        var tokens = new List<string>(ids.Length);
        foreach (int id in ids)
        {
            string token = IdToToken(id) ?? throw new ArgumentOutOfRangeException(nameof(ids), id,
                $"token id {id} is not in the vocabulary (0..{VocabSize - 1})");
            if (skipSpecialTokens && _addedById.TryGetValue(id, out var added) && added.Special) continue;
            tokens.Add(token);
        }
        return _decoder is null ? string.Join(' ', tokens) : string.Concat(_decoder.DecodeChain(tokens));
    }

    private static Encoding Build(List<PipelineToken> tokens)
    {
        int n = tokens.Count;
        var ids = new int[n];
        var strings = new string[n];
        var offsets = new TokenSpan[n];
        var special = new bool[n];
        for (int i = 0; i < n; i++) (ids[i], strings[i], offsets[i], special[i]) = tokens[i];
        return new Encoding(ids, strings, offsets, special);
    }

    private List<PipelineToken> EncodeTokens(string text, bool addSpecialTokens, int budget)
    {
        ArgumentNullException.ThrowIfNull(text);
        var tokens = new List<PipelineToken>();
        var sections = new List<(int Start, int End, AddedToken? Token)>();
        _rawSplitter.Split(text, sections);
        var modelTokens = new List<ModelToken>();
        for (int s = 0; s < sections.Count && tokens.Count < budget; s++)
        {
            var (start, end, token) = sections[s];
            if (token is not null)
            {
                tokens.Add(new PipelineToken(token.Id, token.Content, new TokenSpan(start, end), false));
                continue;
            }
            var normalized = NormalizedText.Identity(text.Substring(start, end - start), start);
            if (_normalizer is not null) normalized = _normalizer.Normalize(normalized);
            if (normalized.Length == 0) continue;
            if (_normalizedSplitter.IsEmpty)
            {
                EncodeSection(normalized, s, tokens, modelTokens);
                continue;
            }
            var sub = new List<(int Start, int End, AddedToken? Token)>();
            _normalizedSplitter.Split(normalized.Text, sub);
            foreach (var (ss, se, st) in sub)
            {
                var (os, oe) = normalized.OriginalSpan(ss, se);
                if (st is not null) tokens.Add(new PipelineToken(st.Id, st.Content, new TokenSpan(os, oe), false));
                else EncodeSection(normalized.Slice(ss, se), s, tokens, modelTokens);
            }
        }
        if (tokens.Count > budget) tokens.RemoveRange(budget, tokens.Count - budget);
        _postProcessor?.Process(tokens, text, addSpecialTokens);
        return tokens;
    }

    private void EncodeSection(NormalizedText section, int sectionIndex, List<PipelineToken> tokens, List<ModelToken> modelTokens)
    {
        var pieces = _preTokenizer is null ? [section] : _preTokenizer.PreTokenize([section], sectionIndex);
        foreach (var piece in pieces)
        {
            if (piece.Length == 0) continue;
            modelTokens.Clear();
            _model.Tokenize(piece.Text, modelTokens);
            foreach (var m in modelTokens)
            {
                var (os, oe) = piece.OriginalSpan(m.Start, m.End);
                string value = m.Value ?? _model.IdToToken(m.Id)!;
                // The reference maps model token strings through the added vocabulary first.
                int id = m.Value is null && _addedByContent.TryGetValue(value, out var added) ? added.Id : m.Id;
                tokens.Add(new PipelineToken(id, value, new TokenSpan(os, oe), false));
            }
        }
    }
}

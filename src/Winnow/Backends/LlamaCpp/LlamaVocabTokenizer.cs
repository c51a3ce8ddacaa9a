using LLama;
using Winnow.Models.Gguf;
using Winnow.Tokenizers;

namespace Winnow.Backends.LlamaCpp;

/// <summary>
/// The GGUF file's own vocabulary, tokenised by llama.cpp (used when no tokenizer.json is beside the model or given).
/// llama.cpp does not report character offsets, so the backend does not declare
/// <see cref="BackendCapabilities.TokenOffsets"/> and <see cref="Encoding.Offsets"/> are empty spans: components that
/// locate a response by offsets are refused at start-up (use boundary: separate-prefix, or give a tokenizer.json).
/// Special tokens written in the text ("&lt;/s&gt;") are parsed as the special ids, as a Hugging Face tokenizer.json does.
/// </summary>
internal sealed class LlamaVocabTokenizer : ITextTokenizer
{
    private readonly LLamaWeights _weights;
    private readonly string[] _tokens;
    private readonly Dictionary<string, int> _ids;
    private readonly bool _addsBos;
    private readonly string _path;

    public LlamaVocabTokenizer(LLamaWeights weights, GgufFile file)
    {
        _weights = weights;
        _path = file.Path;
        _tokens = file.Metadata.TryGetValue("tokenizer.ggml.tokens", out var t) && t is object[] list ? list.Select(x => (string)x).ToArray() : [];
        _ids = new Dictionary<string, int>(StringComparer.Ordinal);
        for (var id = _tokens.Length - 1; id >= 0; id--)
            _ids[_tokens[id]] = id;
        _addsBos = file.Metadata.TryGetValue("tokenizer.ggml.add_bos_token", out var b) && b is true;
        BosTokenId = file.Metadata.TryGetValue("tokenizer.ggml.bos_token_id", out var bos) ? Convert.ToInt32(bos, System.Globalization.CultureInfo.InvariantCulture) : null;
        EosTokenId = file.Metadata.TryGetValue("tokenizer.ggml.eos_token_id", out var eos) ? Convert.ToInt32(eos, System.Globalization.CultureInfo.InvariantCulture) : null;
    }

    public int SpecialTokensAdded => _addsBos && BosTokenId is not null ? 1 : 0;

    public int? BosTokenId { get; }

    public int? EosTokenId { get; }

    public Encoding Encode(string text, bool addSpecialTokens, int maxLength)
    {
        var ids = Ids(text, addSpecialTokens);
        if (ids.Length > maxLength)
            ids = ids[..maxLength];
        var special = ids.Select((id, i) => addSpecialTokens && i == 0 && SpecialTokensAdded == 1 && id == BosTokenId).ToArray();
        return new Encoding(ids, ids.Select(id => _tokens[id]).ToArray(), new TokenSpan[ids.Length], special);
    }

    public int CountTokens(string text, bool addSpecialTokens = true) => Ids(text, addSpecialTokens).Length;

    public int? TokenToId(string token) => _ids.TryGetValue(token, out var id) ? id : null;

    /// <summary>An ids-only file (no_vocab) scores given ids but cannot turn text into ids: that is refused, naming the fix.</summary>
    private int[] Ids(string text, bool addSpecialTokens) => _tokens.Length == 0
        ? throw new ArgumentException($"{_path}: the GGUF holds no vocabulary (tokenizer.ggml.model = no_vocab); give the backend a tokenizer.json with 'tokenizer'")
        : _weights.Tokenize(text, addSpecialTokens, special: true, System.Text.Encoding.UTF8).Select(t => (int)t).ToArray();
}

using Winnow.Text;

namespace Winnow.Quality.Features;

/// <summary>
/// One (prompt, response) read once for every text feature group: the lower-cased response and the words of both
/// texts (<see cref="TextFeatures.Words"/>'s tokens) as ids into one small per-row vocabulary, so the groups count,
/// compare and hash ids instead of re-tokenising and building strings. The LexicalRichness tokens (lexical group)
/// are read on first use. Each thread reuses one instance (<see cref="Of"/>): its buffers outlive the row, so a
/// featuriser allocates little per row; the instance is only valid until that thread's next <see cref="Of"/>.
/// </summary>
internal sealed class FeatureText
{
    /// <summary>A vocabulary grown past this is dropped rather than cleared, so one huge row does not slow the next ones.</summary>
    private const int KeptVocabulary = 4096;

    [ThreadStatic]
    private static FeatureText? _current;

    private readonly List<string> _words = [];
    private Dictionary<string, int> _ids = new(StringComparer.Ordinal);
    private Dictionary<string, int> _lexicalIds = new(StringComparer.Ordinal);
    private int[] _responseWords = new int[256];
    private int[] _promptWords = new int[256];
    private int[] _lexicalTokens = new int[256];
    private char[] _lexicalToken = new char[64];
    private int _lexicalCount = -1;
    private int _deflatedSize = -1;

    public string Prompt { get; private set; } = "";

    public string Response { get; private set; } = "";

    /// <summary>The response, lower-cased (invariant culture).</summary>
    public string LowerResponse { get; private set; } = "";

    public int ResponseWordCount { get; private set; }

    public int PromptWordCount { get; private set; }

    /// <summary>Ids of the response's words, in order.</summary>
    public ReadOnlySpan<int> ResponseWords => _responseWords.AsSpan(0, ResponseWordCount);

    /// <summary>Ids of the prompt's words, in order.</summary>
    public ReadOnlySpan<int> PromptWords => _promptWords.AsSpan(0, PromptWordCount);

    /// <summary>Total UTF-16 length of the response's words.</summary>
    public long ResponseWordChars { get; private set; }

    /// <summary>Distinct words of prompt and response together; ids are 0 to this − 1.</summary>
    public int WordTypes => _words.Count;

    public string Word(int id) => _words[id];

    /// <summary>The id of a word of either text, or −1 when neither has it.</summary>
    public int IdOf(string word) => _ids.GetValueOrDefault(word, -1);

    /// <summary>
    /// The response's Deflate size (<see cref="TextFeatures.DeflatedSize"/>): the one given to <see cref="Of"/> when the
    /// run already knew it (<see cref="ResponseDeflateSizes"/>), otherwise compressed on first use.
    /// </summary>
    public int ResponseDeflatedSize => _deflatedSize >= 0 ? _deflatedSize : _deflatedSize = TextFeatures.DeflatedSize(Response);

    /// <summary>This thread's instance, loaded with one row (and the response's Deflate size, when known).</summary>
    public static FeatureText Of(string prompt, string response, int? responseDeflatedSize = null)
    {
        var text = _current ??= new FeatureText();
        text.Load(prompt, response);
        text._deflatedSize = responseDeflatedSize ?? -1;
        return text;
    }

    /// <summary>The lower-cased WordPunct words of a text that hold a letter or digit, as strings.</summary>
    public static List<string> Words(string text)
    {
        var lower = LowerTwice(text.ToLowerInvariant());
        var words = new List<string>();
        for (var at = 0; NextWord(lower, ref at, out var start);)
            words.Add(lower[start..at]);
        return words;
    }

    private void Load(string prompt, string response)
    {
        Prompt = prompt;
        Response = response;
        LowerResponse = response.ToLowerInvariant();
        if (_ids.Count > KeptVocabulary)
            _ids = new Dictionary<string, int>(StringComparer.Ordinal);
        else
            _ids.Clear();
        _words.Clear();
        _lexicalCount = -1;
        // Words of the response first, so its ids are the low ones.
        var lookup = _ids.GetAlternateLookup<ReadOnlySpan<char>>();
        var lower = LowerTwice(LowerResponse);
        long chars = 0;
        var count = 0;
        for (var at = 0; NextWord(lower, ref at, out var start);)
        {
            chars += at - start;
            Append(ref _responseWords, ref count, Intern(lookup, lower.AsSpan(start, at - start)));
        }
        ResponseWordCount = count;
        ResponseWordChars = chars;
        var lowerPrompt = LowerTwice(prompt.ToLowerInvariant());
        count = 0;
        for (var at = 0; NextWord(lowerPrompt, ref at, out var start);)
            Append(ref _promptWords, ref count, Intern(lookup, lowerPrompt.AsSpan(start, at - start)));
        PromptWordCount = count;
    }

    /// <summary>
    /// <see cref="Winnow.Text.WordPunctTokenizer"/> lower-cases text that <see cref="TextFeatures.Words"/> has already
    /// lower-cased; doing it twice here too keeps the tokens identical for any character (usually the second call
    /// finds nothing to change and returns the same string).
    /// </summary>
    private static string LowerTwice(string lower) => lower.ToLowerInvariant();

    /// <summary>
    /// Finds the next maximal <c>\w</c> run at or after <paramref name="at"/> that holds a letter or digit: false at
    /// the end, otherwise its start, with <paramref name="at"/> moved just past it.
    /// </summary>
    private static bool NextWord(string lower, ref int at, out int start)
    {
        while (at < lower.Length)
        {
            if (WordPunctClasses.Of(lower[at]) != WordPunctClasses.Word)
            {
                at++;
                continue;
            }
            start = at;
            var letterOrDigit = false;
            while (at < lower.Length && WordPunctClasses.Of(lower[at]) == WordPunctClasses.Word)
                letterOrDigit |= char.IsLetterOrDigit(lower[at++]);
            if (letterOrDigit)
                return true;
        }
        start = at;
        return false;
    }

    private int Intern(Dictionary<string, int>.AlternateLookup<ReadOnlySpan<char>> lookup, ReadOnlySpan<char> word)
    {
        if (lookup.TryGetValue(word, out var id))
            return id;
        var text = new string(word);
        id = _words.Count;
        _ids.Add(text, id);
        _words.Add(text);
        return id;
    }

    private static void Append(ref int[] buffer, ref int count, int value)
    {
        if (count == buffer.Length)
            Array.Resize(ref buffer, 2 * buffer.Length);
        buffer[count++] = value;
    }

    /// <summary>
    /// The response's <see cref="Winnow.Text.LexicalTokenizer"/> tokens as dense ids 0..<paramref name="types"/> − 1
    /// (lower-case, digits and dashes deleted, whitespace and ASCII punctuation split).
    /// </summary>
    public ReadOnlySpan<int> LexicalTokens(out int types)
    {
        if (_lexicalCount < 0)
            ReadLexicalTokens();
        types = _lexicalIds.Count;
        return _lexicalTokens.AsSpan(0, _lexicalCount);
    }

    private void ReadLexicalTokens()
    {
        if (_lexicalIds.Count > KeptVocabulary)
            _lexicalIds = new Dictionary<string, int>(StringComparer.Ordinal);
        else
            _lexicalIds.Clear();
        var lookup = _lexicalIds.GetAlternateLookup<ReadOnlySpan<char>>();
        var count = 0;
        var length = 0;
        foreach (var raw in Response)
        {
            var c = char.ToLowerInvariant(raw);
            if (char.IsDigit(c) || c is '-' or '\u2013' or '\u2014')
                continue;
            if (char.IsWhiteSpace(c) || Winnow.Text.LexicalTokenizer.IsAsciiPunctuation(c))
            {
                FlushLexical(lookup, ref count, ref length);
                continue;
            }
            if (length == _lexicalToken.Length)
                Array.Resize(ref _lexicalToken, 2 * length);
            _lexicalToken[length++] = c;
        }
        FlushLexical(lookup, ref count, ref length);
        _lexicalCount = count;
    }

    private void FlushLexical(Dictionary<string, int>.AlternateLookup<ReadOnlySpan<char>> lookup, ref int count, ref int length)
    {
        if (length == 0)
            return;
        var token = _lexicalToken.AsSpan(0, length);
        if (!lookup.TryGetValue(token, out var id))
        {
            id = _lexicalIds.Count;
            _lexicalIds.Add(new string(token), id);
        }
        Append(ref _lexicalTokens, ref count, id);
        length = 0;
    }
}

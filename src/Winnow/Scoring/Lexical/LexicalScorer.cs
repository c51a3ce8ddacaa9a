using System.Collections.ObjectModel;
using Winnow.Data;
using Winnow.Text;

namespace Winnow.Scoring.Lexical;

/// <summary>
/// One lexical metric family over the LexicalRichness tokens (METHODS §6.1) of one text field. A row whose text
/// has fewer tokens than the metric is defined for is a row error naming the length and the minimum, so a short
/// response fails only the metrics that need more text (HD-D needs 42 tokens, vocd-D more than 50) and keeps
/// its other scores.
/// </summary>
public sealed class LexicalScorer : IScorer
{
    private readonly RowText _text;
    private readonly int _minTokens;
    private readonly Func<LexicalText, double[]> _compute;

    public LexicalScorer(string name, IReadOnlyList<string> fields, RowText text, int minTokens,
        IReadOnlyDictionary<string, string> metricSettings, Func<LexicalText, double[]> compute)
    {
        Name = name;
        Fields = fields;
        _text = text;
        _minTokens = minTokens;
        _compute = compute;
        var settings = new Dictionary<string, string>(metricSettings, StringComparer.Ordinal)
        {
            ["text"] = text.Name(),
            ["tokenizer"] = "lexicalrichness",
        };
        Settings = new ReadOnlyDictionary<string, string>(settings);
    }

    public string Name { get; }

    public string Variant => "default";

    public IReadOnlyList<string> Fields { get; }

    public IReadOnlyDictionary<string, string> Settings { get; }

    public IReadOnlyList<ScoreResult> Score(IReadOnlyList<Sample> batch, CancellationToken cancellationToken)
    {
        var results = new ScoreResult[batch.Count];
        for (var i = 0; i < batch.Count; i++)
        {
            cancellationToken.ThrowIfCancellationRequested();
            results[i] = ScoreOne(batch[i]);
        }
        return results;
    }

    private ScoreResult ScoreOne(Sample sample)
    {
        var text = _text.Of(sample);
        var tokens = LexicalTokenizer.Tokenize(text);
        if (tokens.Count < _minTokens)
            return ScoreResult.Fail($"{Name}: the {_text.Name()} has {tokens.Count} word token(s); this metric needs at least {_minTokens}");
        return ScoreResult.Ok(_compute(new LexicalText(sample, text, tokens)));
    }
}

/// <summary>What a lexical metric sees of one row: the row, the selected text and its tokens.</summary>
public sealed record LexicalText(Sample Sample, string Text, IReadOnlyList<string> Tokens)
{
    public Dictionary<string, int> Frequencies() => TypeFrequencies.Count(Tokens);
}

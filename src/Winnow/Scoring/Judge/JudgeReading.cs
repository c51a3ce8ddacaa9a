using System.Globalization;
using System.Text.RegularExpressions;

namespace Winnow.Scoring.Judge;

/// <summary>How a judge's score is read from its reply.</summary>
public enum JudgeReadMode
{
    /// <summary>The number the template's pattern captures.</summary>
    Pattern,

    /// <summary>
    /// The expected value over the score tokens' probabilities at the position where the pattern's number starts:
    /// Σ s·p(s) / Σ p(s) over the top alternatives whose text is a score of the scale (G-Eval's weighting of a judge's
    /// rating), with Σ p(s) kept as <c>score_mass</c>.
    /// </summary>
    LogProbs,
}

/// <summary>
/// Turns a reply into values: <c>[score]</c> by pattern, or <c>[score, parsed, score_mass]</c> by log-probabilities.
/// A reply the pattern does not match, a number outside the scale, or (by log-probs) no score token among the top
/// alternatives is a row error that quotes the reply; the reply is kept either way.
/// </summary>
public static class JudgeReading
{
    public static ScoreResult Read(JudgeTemplate template, JudgeReadMode mode, ChatReply reply) =>
        ReadValues(template, mode, reply) with { Text = reply.Text };

    private static ScoreResult ReadValues(JudgeTemplate template, JudgeReadMode mode, ChatReply reply)
    {
        Match match;
        try
        {
            match = template.Pattern.Match(reply.Text);
        }
        catch (RegexMatchTimeoutException)
        {
            return ScoreResult.Fail($"the score pattern took over {JudgeTemplate.MatchTimeout.TotalSeconds:0} s on the reply (a pattern that backtracks badly): {Quote(reply.Text)}");
        }
        var group = match.Groups["score"];
        if (!match.Success || !group.Success)
            return ScoreResult.Fail($"unparsable judge reply: the score pattern {template.Pattern} does not match {Quote(reply.Text)}");
        if (!double.TryParse(group.Value, NumberStyles.Float, CultureInfo.InvariantCulture, out var parsed) || !double.IsFinite(parsed))
            return ScoreResult.Fail($"unparsable judge reply: the score '{group.Value}' is not a number in {Quote(reply.Text)}");
        if (parsed < template.Min || parsed > template.Max)
            return ScoreResult.Fail($"the judge's score {group.Value} is outside the template's scale [{Show(template.Min)}, {Show(template.Max)}]: {Quote(reply.Text)}");
        return mode == JudgeReadMode.Pattern ? ScoreResult.Ok(parsed) : Expected(template, reply, parsed);
    }

    private static ScoreResult Expected(JudgeTemplate template, ChatReply reply, double parsed)
    {
        if (reply.Tokens is not { Count: > 0 } tokens)
            return ScoreResult.Fail($"the server returned no token log-probabilities with this reply, which read=logprobs needs: {Quote(reply.Text)}");
        var spelled = string.Concat(tokens.Select(t => t.Text));
        var group = template.Pattern.Match(spelled).Groups["score"];
        if (!group.Success)
            return ScoreResult.Fail($"the reply's tokens spell {Quote(spelled)}, which the score pattern does not match (the reply is {Quote(reply.Text)})");
        var at = TokenAt(tokens, group.Index);
        var top = tokens[at].Top;
        double mass = 0, sum = 0;
        foreach (var (text, logProb) in top)
        {
            if (int.TryParse(text.Trim(), NumberStyles.None, CultureInfo.InvariantCulture, out var score) && text.Trim().Length == 1 && score >= template.Min && score <= template.Max)
            {
                var p = Math.Exp(logProb);
                mass += p;
                sum += score * p;
            }
        }
        if (!(mass > 0))
            return ScoreResult.Fail($"no score of [{Show(template.Min)}, {Show(template.Max)}] among the top {top.Count} tokens at the score's position (token {at}: {string.Join(", ", top.Select(t => $"{Quote(t.Text)} {t.LogProb.ToString("G4", CultureInfo.InvariantCulture)}"))}); reply: {Quote(reply.Text)}");
        return ScoreResult.Ok(sum / mass, parsed, mass);
    }

    /// <summary>The index of the token that holds character <paramref name="offset"/> of the tokens' concatenated text.</summary>
    private static int TokenAt(IReadOnlyList<ReplyToken> tokens, int offset)
    {
        var end = 0;
        for (var k = 0; k < tokens.Count; k++)
        {
            end += tokens[k].Text.Length;
            if (offset < end)
                return k;
        }
        return tokens.Count - 1;
    }

    public static string Quote(string text) => "\"" + (text.Length <= 300 ? text : text[..300] + "…") + "\"";

    private static string Show(double value) => value.ToString("R", CultureInfo.InvariantCulture);
}

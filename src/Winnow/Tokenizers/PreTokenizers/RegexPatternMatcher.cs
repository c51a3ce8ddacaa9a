using System.Text;
using System.Text.RegularExpressions;

namespace Winnow.Tokenizers.PreTokenizers;

/// <summary>
/// A tokenizer.json "Regex" pattern (Oniguruma syntax) run by .NET's backtracking Regex, whose semantics (ordered
/// alternation, greedy loops, look-arounds) are Oniguruma's. Possessive quantifiers are rewritten as atomic groups.
/// A match timeout turns a pathological pattern into a clear error instead of a hang. (The NonBacktracking engine
/// is not used: it returned a wrong match for " {2,}" when the same Regex was used from two threads at once.)
/// Known GPT-2-family patterns never get here: see <see cref="SplitPatterns"/>.
/// Limitation: \p{...} classes test UTF-16 units, so a letter outside the BMP is not a \p{L} here.
/// </summary>
internal sealed class RegexPatternMatcher : IPatternMatcher
{
    public static readonly TimeSpan MatchTimeout = TimeSpan.FromSeconds(10);

    private readonly Regex _regex;

    public RegexPatternMatcher(string pattern)
    {
        Source = pattern;
        string translated = RewritePossessive(pattern);
        _regex = new Regex(translated, RegexOptions.CultureInvariant | RegexOptions.Compiled, MatchTimeout);
    }

    public string Source { get; }

    public void FindMatches(string text, List<(int Start, int End)> matches)
    {
        try
        {
            for (var m = _regex.Match(text); m.Success; m = m.NextMatch())
                if (m.Length > 0) matches.Add((m.Index, m.Index + m.Length));
        }
        catch (RegexMatchTimeoutException e)
        {
            throw new InvalidOperationException(
                $"tokenizer regex /{Source}/ needed more than {MatchTimeout.TotalSeconds} s on a text of {text.Length} chars (catastrophic backtracking)", e);
        }
    }

    /// <summary>Rewrites Oniguruma possessive quantifiers (X*+, X++, X?+, X{n,m}+) as atomic groups (?>X*).</summary>
    internal static string RewritePossessive(string pattern)
    {
        var sb = new StringBuilder(pattern.Length + 8);
        var atomStarts = new Stack<int>();
        int lastAtom = -1;
        for (int i = 0; i < pattern.Length; i++)
        {
            char c = pattern[i];
            if (c == '\\' && i + 1 < pattern.Length)
            {
                lastAtom = sb.Length;
                sb.Append(c).Append(pattern[++i]);
                if (pattern[i] is 'p' or 'P' or 'x' or 'u' && i + 1 < pattern.Length && pattern[i + 1] == '{')
                {
                    int close = pattern.IndexOf('}', i);
                    if (close > 0) { sb.Append(pattern, i + 1, close - i); i = close; }
                }
                continue;
            }
            if (c == '[')
            {
                lastAtom = sb.Length;
                int j = i + 1;
                if (j < pattern.Length && pattern[j] == '^') j++;
                if (j < pattern.Length && pattern[j] == ']') j++;
                for (; j < pattern.Length && pattern[j] != ']'; j++)
                    if (pattern[j] == '\\') j++;
                int end = Math.Min(j, pattern.Length - 1);
                sb.Append(pattern, i, end - i + 1);
                i = end;
                continue;
            }
            if (c == '(') { atomStarts.Push(sb.Length); sb.Append(c); continue; }
            if (c == ')') { sb.Append(c); lastAtom = atomStarts.Count > 0 ? atomStarts.Pop() : -1; continue; }
            if (c is '*' or '+' or '?' or '{' && lastAtom >= 0)
            {
                int q = i;
                if (c == '{')
                {
                    int close = pattern.IndexOf('}', i);
                    if (close < 0) { sb.Append(c); continue; }
                    q = close;
                }
                if (q + 1 < pattern.Length && pattern[q + 1] == '+')
                {
                    string atom = sb.ToString(lastAtom, sb.Length - lastAtom);
                    sb.Length = lastAtom;
                    sb.Append("(?>").Append(atom).Append(pattern, i, q - i + 1).Append(')');
                    i = q + 1;
                }
                else
                {
                    sb.Append(pattern, i, q - i + 1);
                    i = q;
                    if (i + 1 < pattern.Length && pattern[i + 1] == '?') sb.Append(pattern[++i]);
                }
                lastAtom = -1;
                continue;
            }
            lastAtom = c is '|' or '^' or '$' ? -1 : sb.Length;
            sb.Append(c);
        }
        return sb.ToString();
    }
}

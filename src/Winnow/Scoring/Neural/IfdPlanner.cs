using Winnow.Text;
using System.Globalization;
using Winnow.Data;

namespace Winnow.Scoring.Neural;

/// <summary>
/// Builds the direct and conditioned token sequences of a row exactly as the reference scripts do (METHODS §1.4 and
/// §2.2): L_inst = tokens of the truncated prompt; the direct text is truncated to max_length − L_inst + P so that its
/// response part gets the same budget as in the conditioned text; the conditioned text is truncated to max_length.
/// P is the token count of the direct text's prefix (special tokens included): 4 for "&lt;s&gt; ▁### ▁Response :"
/// with a Llama tokenizer, which is the reference's hard-coded value; Superfiltering's "+1" is the unscored first
/// token of a bare response.
/// </summary>
public sealed class IfdPlanner(IfdVariant variant, IfdTemplate template, ResponseTokenizer tokens, int maxLength, int prefixTokens)
{
    public IfdVariant Variant { get; } = variant;

    public IfdTemplate Template { get; } = template;

    public int MaxLength { get; } = maxLength;

    public int PrefixTokens { get; } = prefixTokens;

    public AnswerBoundary Boundary => tokens.Boundary;

    public IfdPlan Plan(Sample sample)
    {
        var response = sample.Response;
        if (response.Length == 0)
            return IfdPlan.Skipped("empty response: nothing to score");
        var prompt = Template.Prompt(sample.Instruction, sample.Input);
        var instructLength = tokens.Count(prompt, MaxLength);
        var responseBudget = MaxLength - instructLength;
        if (Variant == IfdVariant.Cherry && responseBudget <= 0)
            return IfdPlan.Skipped($"the prompt fills max_length (max_length − L_inst ≤ 0: {Text(MaxLength)} − {Text(instructLength)})");
        var directLimit = responseBudget + PrefixTokens;
        // A limit below the special tokens the tokenizer adds cannot hold even an empty text.
        if (directLimit <= 0 || directLimit < tokens.Tokenizer.SpecialTokensAdded)
            return IfdPlan.Skipped($"no room for the response in the direct pass (max_length − L_inst + {Text(PrefixTokens)} = {Text(directLimit)})");

        var direct = tokens.Tokenize(Template.DirectPrefix, response, directLimit);
        var conditioned = tokens.Tokenize(prompt, response, MaxLength);
        if (direct.ResponseLength <= 0 || conditioned.ResponseLength <= 0)
            return IfdPlan.Skipped($"no response tokens left after truncation to max_length {Text(MaxLength)} (direct {Text(direct.ResponseLength)}, conditioned {Text(conditioned.ResponseLength)})");
        if (Variant == IfdVariant.Cherry && instructLength + direct.ResponseLength > MaxLength)
            return IfdPlan.Skipped($"L_inst + direct response length > max_length ({Text(instructLength)} + {Text(direct.ResponseLength)} > {Text(MaxLength)})");
        if (direct.ScoredCount == 0 || conditioned.ScoredCount == 0)
            return IfdPlan.Skipped("a pass has no scored token (a one-token sequence has no prediction)");
        return new IfdPlan(direct, conditioned, null);
    }

    private static string Text(int value) => value.ToString(CultureInfo.InvariantCulture);
}

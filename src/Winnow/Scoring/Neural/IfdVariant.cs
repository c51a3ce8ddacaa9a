namespace Winnow.Scoring.Neural;

/// <summary>
/// <c>cherry</c>: Cherry-LLM (METHODS §1.4) — templated prompt, direct text "### Response:"/"ASSISTANT:" + response,
/// ifd = ratio of mean losses, the reference's skip rules. <c>superfiltering</c>: Superfiltering (§2.2) — template
/// <c>none</c>, bare response as direct text, ifd = ratio of perplexities.
/// </summary>
public enum IfdVariant
{
    Cherry,
    Superfiltering,
}

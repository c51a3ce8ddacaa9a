using System.Globalization;

namespace Winnow.Models.Training.Lora;

/// <summary>
/// LoRA as PEFT configures it (Hu et al. 2021; <c>peft.LoraConfig</c>): rank r, lora_alpha (the update is scaled by
/// alpha / r), the target modules by name, and dropout on the adapter's input. A target matches a module whose full
/// name equals it or ends with "." + it (PEFT's rule), so <c>c_proj</c> names both GPT-2 projections.
/// </summary>
public sealed record LoraSettings(int Rank, double Alpha, IReadOnlyList<string> Targets)
{
    public double Scale => Alpha / Rank;

    /// <summary>
    /// Parses <c>r=8,alpha=16,targets=q_proj,v_proj</c>: targets take every comma-separated word after
    /// <c>targets=</c> that has no '='. Dropout is not offered: the managed trainer runs LoRA without it (PEFT's
    /// default is 0 as well), so <c>dropout=</c> other than 0 is refused rather than ignored.
    /// </summary>
    public static LoraSettings Parse(string text)
    {
        int? rank = null;
        double? alpha = null;
        var targets = new List<string>();
        string? key = null;
        foreach (var raw in text.Split(',', StringSplitOptions.TrimEntries))
        {
            var eq = raw.IndexOf('=');
            if (eq < 0)
            {
                if (key != "targets" || raw.Length == 0)
                    throw new ArgumentException($"--lora '{text}': '{raw}' is not key=value (keys: r, alpha, targets, dropout)");
                targets.Add(raw);
                continue;
            }
            key = raw[..eq].Trim();
            var value = raw[(eq + 1)..].Trim();
            switch (key)
            {
                case "r":
                    rank = int.TryParse(value, NumberStyles.Integer, CultureInfo.InvariantCulture, out var r) && r > 0
                        ? r : throw new ArgumentException($"--lora: r must be a positive integer, got '{value}'");
                    break;
                case "alpha":
                    alpha = double.TryParse(value, NumberStyles.Float, CultureInfo.InvariantCulture, out var a) && a > 0
                        ? a : throw new ArgumentException($"--lora: alpha must be a positive number, got '{value}'");
                    break;
                case "targets":
                    if (value.Length > 0)
                        targets.Add(value);
                    break;
                case "dropout":
                    if (!double.TryParse(value, NumberStyles.Float, CultureInfo.InvariantCulture, out var d) || d != 0)
                        throw new ArgumentException($"--lora: dropout '{value}' is not supported; the managed trainer runs LoRA without dropout (dropout=0)");
                    break;
                default:
                    throw new ArgumentException($"--lora: unknown key '{key}' (keys: r, alpha, targets, dropout)");
            }
        }
        if (rank is null || targets.Count == 0)
            throw new ArgumentException($"--lora '{text}': r and targets are required, e.g. r=8,alpha=16,targets=q_proj,v_proj");
        return new LoraSettings(rank.Value, alpha ?? rank.Value, targets);
    }

    public override string ToString() =>
        string.Create(CultureInfo.InvariantCulture, $"r={Rank},alpha={Alpha:R},targets={string.Join(",", Targets)}");
}

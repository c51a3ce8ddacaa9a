using Winnow.Data;
using Winnow.Text;
using Winnow.Scoring.Neural;
using Winnow.Tokenizers;

namespace Winnow.Bench.Backends;

/// <summary>
/// Tokens a Cherry IFD run feeds the model per row (both passes: alpaca template, max_length 512, as the paper runs
/// LLaMA-7B) over every row of ../shared/data/alpaca_cherry_5pct.json, tokenised with llama-tiny's tokenizer.json (a
/// 32,000-piece SentencePiece BPE like LLaMA's): the basis of the Alpaca-52k cost estimate in docs/backends.md.
/// Usage: timing alpaca-ifd-tokens
/// </summary>
public static class AlpacaIfdTokens
{
    [TimingCommand("alpaca-ifd-tokens")]
    public static int Run(string[] args)
    {
        var shared = Neural.IfdTiming.SharedFolder();
        var tokenizer = Tokenizer.Load(Path.Combine(shared, "fixtures", "llama-tiny"));
        var template = IfdTemplate.Alpaca;
        var planner = new IfdPlanner(IfdVariant.Cherry, template, new ResponseTokenizer(tokenizer, AnswerBoundary.Offsets), 512,
            tokenizer.CountTokens(template.DirectPrefix));
        var rows = DatasetReader.Read(Path.Combine(shared, "data", "alpaca_cherry_5pct.json")).Select(o => o.Sample).OfType<Sample>().ToList();
        var plans = rows.Select(planner.Plan).ToList();
        var kept = plans.Where(p => p.Skip is null).ToList();
        var tokens = kept.Select(p => p.Direct!.Ids.Length + p.Conditioned!.Ids.Length).Order().ToArray();
        var conditioned = kept.Select(p => p.Conditioned!.Ids.Length).ToArray();
        Console.WriteLine($"{rows.Count} rows, {kept.Count} planned, {rows.Count - kept.Count} skipped by the method's rules");
        Console.WriteLine($"tokens per row, both passes: mean {tokens.Average():F0}, median {tokens[tokens.Length / 2]}, 90th percentile {tokens[tokens.Length * 9 / 10]}");
        Console.WriteLine($"conditioned passes cut at 512 tokens: {conditioned.Count(c => c == 512)} ({100.0 * conditioned.Count(c => c == 512) / kept.Count:F1} %)");
        return 0;
    }
}

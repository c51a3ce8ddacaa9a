using Winnow.Text;
using Winnow.Data;
using Winnow.Models.Training;
using Winnow.Scoring.Neural;
using Winnow.Tokenizers;

namespace Winnow.Training;

/// <summary>
/// Rows as Stanford Alpaca's train.py builds them: text = template prompt (ending in "### Response:") + response
/// + EOS, truncated to the first <c>maxLength</c> ids; the loss covers only the tokens after the prompt, whose
/// length is the prompt tokenised on its own (Alpaca's <c>labels[:source_len] = IGNORE_INDEX</c>). A row whose
/// response is truncated away entirely has nothing to learn from and is listed in <see cref="Built.Skipped"/>.
/// </summary>
public static class AlpacaExamples
{
    public sealed record Built(IReadOnlyList<TrainingExample> Examples, IReadOnlyList<long> Skipped);

    public static Built Build(IEnumerable<Sample> samples, Tokenizer tokenizer, IfdTemplate template, int maxLength)
    {
        if (maxLength < 2)
            throw new ArgumentException($"max length {maxLength} leaves no room for a prompt and a response token");
        var examples = new List<TrainingExample>();
        var skipped = new List<long>();
        var eos = tokenizer.EosTokenId;
        foreach (var sample in samples)
        {
            var prompt = template.Prompt(sample.Instruction, sample.Input);
            var ids = tokenizer.Encode(prompt + sample.Response, addSpecialTokens: true, maxLength).Ids.ToList();
            if (eos is { } end && ids.Count < maxLength)
                ids.Add(end);
            var start = Math.Max(1, tokenizer.CountTokens(prompt));
            if (start >= ids.Count)
            {
                skipped.Add(sample.Index);
                continue;
            }
            examples.Add(new TrainingExample(ids.ToArray(), Enumerable.Range(start, ids.Count - start).ToArray()));
        }
        return new Built(examples, skipped);
    }
}

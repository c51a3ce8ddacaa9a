namespace Winnow.Scoring.Neural;

/// <summary>Registers the scorers that run a transformer model in-process.</summary>
public static class NeuralScorers
{
    public static void Register(Registry<IScorer> registry)
    {
        registry.Add("ifd", "Instruction-Following Difficulty with a causal LM (variant cherry: ratio of mean losses, Alpaca/wiz/vicuna templates; superfiltering: ratio of perplexities, GPT-2 style)", IfdScorer.Create);
        registry.Add("perplexity", "mean token loss and perplexity of the response given the prompt (span=response) or of the whole text (span=text) under a causal LM", PerplexityScorer.Create);
        registry.Add("uncertainty", "causal-LM predictive uncertainty over the response: mean token entropy, least confidence, mean and min top-1/top-2 margin", UncertaintyScorer.Create);
        registry.Add("deita.complexity", "Deita complexity scorer: expected 1-6 score from a scorer LM's next-token logits over the digits, per exchange", DeitaScorer.CreateComplexity);
        registry.Add("deita.quality", "Deita quality scorer: expected 1-6 score per exchange; with complexity_model also evol_score = sum over turns of complexity x quality", DeitaScorer.CreateQuality);
        registry.Add("reward", "raw output of an encoder sequence-classification / regression head (BERT, RoBERTa, XLM-R) on the row's text", RewardScorer.Create);
        registry.Add("car.iqs", "CaR instruction quality score: COMET-style XLM-R layer mix, average pooling and feed-forward head (converted checkpoint)", Car.CarIqsScorer.Create);
        registry.Add("scar", "SCAR style-consistency ranker score of (instruction, response): shared encoder, relation network and max-pooled answer states (converted checkpoint)", Scar.ScarScorer.Create);
    }
}

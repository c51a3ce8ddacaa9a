namespace Winnow.Backends;

/// <summary>One entry of a top-k next-token list: a vocabulary id and its log-probability (nats, over the whole vocabulary).</summary>
public readonly record struct TopToken(int Id, double LogProb);

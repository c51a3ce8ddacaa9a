namespace Winnow.Scoring.Judge;

/// <summary>A judge's reply: its text and, when the server returned them, each reply token with its top alternatives.</summary>
public sealed record ChatReply(string Text, IReadOnlyList<ReplyToken>? Tokens);

/// <summary>One reply token's text and the top alternatives at its position (text, natural-log probability), the chosen one among them.</summary>
public sealed record ReplyToken(string Text, IReadOnlyList<(string Text, double LogProb)> Top);

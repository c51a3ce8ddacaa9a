namespace Winnow.Models.Training;

/// <summary>One training row: its token ids and the positions whose tokens are in the loss (each predicted from the tokens before it).</summary>
public sealed record TrainingExample(int[] Ids, int[] Scored);

namespace Winnow.Pipeline;

/// <summary>How far a long step has come; <see cref="Total"/> is null when the size is not known yet.</summary>
public readonly record struct StageProgress(string Stage, long Done, long? Total);

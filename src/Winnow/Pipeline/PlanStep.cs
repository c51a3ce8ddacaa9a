namespace Winnow.Pipeline;

/// <summary>What a step of a run does; the cost plan estimates each kind its own way.</summary>
public enum PlanStepKind
{
    Read,
    Filter,
    Score,
    Embed,
    Select,
    Write,
}

/// <summary>One step of a <see cref="RunPlan"/>: its kind, the component or filter it runs (empty for read and write) and one readable line.</summary>
public sealed record PlanStep(PlanStepKind Kind, string Name, string Text);

namespace Winnow.Models.Training;

public enum ScheduleKind
{
    Constant,
    Linear,
    Cosine,
}

/// <summary>
/// The learning rate at optimiser step t (0-based), as transformers' get_*_schedule_with_warmup: linear warm-up
/// from 0 over <c>WarmupSteps</c>, then constant, linear decay to 0, or half-cosine decay to 0 at <c>TotalSteps</c>.
/// </summary>
public sealed record LearningRateSchedule(double Peak, int WarmupSteps, int TotalSteps, ScheduleKind Kind)
{
    public double At(int step)
    {
        if (step < WarmupSteps)
            return Peak * step / Math.Max(1, WarmupSteps);
        var progress = (double)(step - WarmupSteps) / Math.Max(1, TotalSteps - WarmupSteps);
        return Kind switch
        {
            ScheduleKind.Constant => Peak,
            ScheduleKind.Linear => Peak * Math.Max(0, 1 - progress),
            ScheduleKind.Cosine => Peak * Math.Max(0, 0.5 * (1 + Math.Cos(Math.PI * progress))),
            _ => throw new ArgumentOutOfRangeException(nameof(Kind)),
        };
    }

    public static ScheduleKind ParseKind(string name) => name switch
    {
        "constant" => ScheduleKind.Constant,
        "linear" => ScheduleKind.Linear,
        "cosine" => ScheduleKind.Cosine,
        _ => throw new ArgumentException($"schedule '{name}' is not one of constant, linear, cosine"),
    };
}

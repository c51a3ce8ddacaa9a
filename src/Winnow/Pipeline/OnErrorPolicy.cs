namespace Winnow.Pipeline;

/// <summary>What a bad input row does to the run: stop it (the default), or skip the row and record it as rejected.</summary>
public enum OnErrorPolicy
{
    Fail,
    Skip,
}

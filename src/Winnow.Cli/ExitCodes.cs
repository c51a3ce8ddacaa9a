namespace Winnow.Cli;

/// <summary>Process exit codes: 0 success, 1 a runtime error (bad data, failed run, interruption), 2 a usage error.</summary>
public static class ExitCodes
{
    public const int Ok = 0;
    public const int RuntimeError = 1;
    public const int UsageError = 2;
}

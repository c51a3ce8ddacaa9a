using Winnow.Data;

namespace Winnow.Pipeline;

/// <summary>A bad input row under <see cref="OnErrorPolicy.Fail"/>; the message names file, line, field and expectation.</summary>
public sealed class BadRowException(RowError error)
    : Exception(error + " (use --on-error skip to continue without such rows and write them to a rejects file)")
{
    public RowError Error { get; } = error;
}

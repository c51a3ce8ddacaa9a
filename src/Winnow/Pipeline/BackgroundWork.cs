namespace Winnow.Pipeline;

/// <summary>
/// A result computed on a thread of its own while the caller goes on. Disposing waits for the work to end, whether or
/// not its result was taken and whatever became of it, so that what the work reads can be released after it; a failure
/// of the work is thrown where the result is taken, not by the wait.
/// </summary>
internal sealed class BackgroundWork<T> : IDisposable
{
    private readonly Task<T> _task;

    public BackgroundWork(Func<T> work) => _task = Task.Run(work);

    /// <summary>Waits for the work and gives its result, or throws its failure.</summary>
    public T Result => _task.GetAwaiter().GetResult();

    public void Dispose() => ((IAsyncResult)_task).AsyncWaitHandle.WaitOne();
}

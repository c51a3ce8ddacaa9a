namespace Winnow.Backends.Http;

/// <summary>
/// The replicas of one model. Each request goes to the replica with the fewest requests waiting or in flight (ties in
/// turn), so rows spread over replicas by their speed, and a slow or restarting replica gets less work.
/// </summary>
internal sealed class ReplicaPool : IDisposable
{
    private readonly ReplicaClient[] _replicas;
    private int _turn;

    public ReplicaPool(HttpBackendOptions options) =>
        _replicas = options.Servers.Select(s => new ReplicaClient(s, options)).ToArray();

    public IReadOnlyList<ReplicaClient> Replicas => _replicas;

    public Task<string> Send(string path, string? json, CancellationToken cancellationToken) => Pick().Send(path, json, cancellationToken);

    /// <summary>The replica the next request should go to.</summary>
    public ReplicaClient Pick()
    {
        var start = (int)((uint)Interlocked.Increment(ref _turn) % (uint)_replicas.Length);
        var best = _replicas[start];
        for (var k = 1; k < _replicas.Length; k++)
        {
            var candidate = _replicas[(start + k) % _replicas.Length];
            if (candidate.Load < best.Load)
                best = candidate;
        }
        return best;
    }

    public void Dispose()
    {
        foreach (var replica in _replicas)
            replica.Dispose();
    }
}

namespace PerturbKG.Model.Tensors;

/// <summary>Time spent in each kind of op's backward step, summed over tapes that share the profile.</summary>
public sealed class TapeProfile
{
    private readonly Dictionary<string, TimeSpan> _backward = new(StringComparer.Ordinal);
    private readonly Dictionary<string, TimeSpan> _forward = new(StringComparer.Ordinal);
    private readonly Dictionary<string, long> _allocated = new(StringComparer.Ordinal);
    private (string Op, long Started)? _open;

    public IReadOnlyDictionary<string, TimeSpan> Backward => _backward;

    /// <summary>Forward time per kind of op: from an op's start to the next op's (so it includes the caller's own work in between).</summary>
    public IReadOnlyDictionary<string, TimeSpan> Forward => _forward;

    /// <summary>Bytes allocated on the managed heap during each kind of op's backward step (buffers not from the pool).</summary>
    public IReadOnlyDictionary<string, long> BackwardAllocated => _allocated;

    internal void Add(string op, TimeSpan elapsed, long allocated)
    {
        lock (_backward)
        {
            _backward[op] = _backward.GetValueOrDefault(op) + elapsed;
            _allocated[op] = _allocated.GetValueOrDefault(op) + allocated;
        }
    }

    internal void Started(string? op)
    {
        var now = System.Diagnostics.Stopwatch.GetTimestamp();
        if (_open is { } open)
        {
            _forward[open.Op] = _forward.GetValueOrDefault(open.Op) + System.Diagnostics.Stopwatch.GetElapsedTime(open.Started, now);
        }

        _open = op is null ? null : (op, now);
    }
}

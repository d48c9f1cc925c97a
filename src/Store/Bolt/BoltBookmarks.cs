namespace PerturbKG.Store.Bolt;

/// <summary>Whether a connection is for writes (to a cluster's leader) or reads (to any member).</summary>
public enum BoltAccess
{
    Write,
    Read,
}

/// <summary>
/// The causal chain of one driver: the bookmark of the last commit, sent with every later transaction and auto-commit
/// query on any connection, so a read after a write sees it on whichever cluster member serves it.
/// </summary>
public sealed class BoltBookmarks
{
    private readonly Lock _lock = new();
    private IReadOnlyList<string> _current = [];

    public IReadOnlyList<string> Current
    {
        get
        {
            lock (_lock)
            {
                return _current;
            }
        }
    }

    /// <summary>A commit's bookmark replaces the earlier ones (it includes them).</summary>
    public void Update(string? bookmark)
    {
        if (string.IsNullOrEmpty(bookmark))
        {
            return;
        }

        lock (_lock)
        {
            _current = [bookmark];
        }
    }
}
